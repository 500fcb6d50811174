using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Versions;

/// <summary>
/// Every module and interface we implement, with its path under <c>/ocpi/2.2.1</c>. We are CPO and eMSP at once, so
/// a module appears once per interface role: senders of CPO data under <c>cpo/</c>, receivers of it under <c>emsp/</c>,
/// and the other way round for tokens and commands (ocpi.md 3.1).
/// </summary>
public static class ImplementedModules
{
    public static readonly IReadOnlyList<(string Module, string Role, string Path)> All =
    [
        ("credentials", InterfaceRoles.Sender, "credentials"),
        ("locations", InterfaceRoles.Sender, "cpo/locations"),
        ("locations", InterfaceRoles.Receiver, "emsp/locations"),
        ("sessions", InterfaceRoles.Sender, "cpo/sessions"),
        ("sessions", InterfaceRoles.Receiver, "emsp/sessions"),
        ("cdrs", InterfaceRoles.Sender, "cpo/cdrs"),
        ("cdrs", InterfaceRoles.Receiver, "emsp/cdrs"),
        ("tariffs", InterfaceRoles.Sender, "cpo/tariffs"),
        ("tariffs", InterfaceRoles.Receiver, "emsp/tariffs"),
        ("tokens", InterfaceRoles.Sender, "emsp/tokens"),
        ("tokens", InterfaceRoles.Receiver, "cpo/tokens"),
        ("commands", InterfaceRoles.Receiver, "cpo/commands"),
        ("commands", InterfaceRoles.Sender, "emsp/commands"),
        ("hubclientinfo", InterfaceRoles.Receiver, "hubclientinfo"),
        // OCPI 2.3.0's module as a custom module of our 2.2.1 interface; sender and receiver share one URL.
        (Objects.Modules.InvoiceReconciliation, InterfaceRoles.Sender, InvoiceReconciliation.InvoiceReconciliationEndpoints.Path),
        (Objects.Modules.InvoiceReconciliation, InterfaceRoles.Receiver, InvoiceReconciliation.InvoiceReconciliationEndpoints.Path),
    ];

    public static VersionDetails Details(string baseUrl) =>
        new(OcpiUrls.Version, All.Select(m => new Endpoint(m.Module, m.Role, OcpiUrls.Module(baseUrl, m.Path))).ToList());
}
