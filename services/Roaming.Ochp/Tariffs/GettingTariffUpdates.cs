using System.Xml.Linq;
using Roaming.Contracts.Identifiers;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Soap;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Tariffs;

/// <summary>
/// GetTariffUpdates(lastUpdate?): a provider reads the tariffs of operators connected to one of its Provider-IDs, with
/// only the individual tariffs meant for it: those naming one of its Provider-IDs as recipient, and the default ones
/// (no recipient). A tariff with none of those is not shown at all.
/// </summary>
public static class GettingTariffUpdates
{
    private static readonly XName IndividualTariff = XName.Get("individualTariff", OchpNamespaces.Ochp);
    private static readonly XName Recipient = XName.Get("recipient", OchpNamespaces.Ochp);

    public static OchpHandlers AddTariffReads(this OchpHandlers handlers) => handlers.Add("GetTariffUpdates", Handle);

    /// <summary>The tariff as <paramref name="providers"/> (compact Provider-IDs, <c>DEABC</c>) may see it, or null.</summary>
    public static XElement? AsSeenBy(XElement tariff, IReadOnlySet<string> providers)
    {
        var seen = new XElement(tariff);
        foreach (var individual in seen.Elements(IndividualTariff).ToList())
        {
            var recipients = individual.Elements(Recipient).Select(r => r.Value.Trim().Replace("*", "", StringComparison.Ordinal).ToUpperInvariant()).ToList();
            if (recipients.Count > 0 && !recipients.Any(providers.Contains))
                individual.Remove();
        }
        return seen.Elements(IndividualTariff).Any() ? seen : null;
    }

    private static async Task<XElement> Handle(OchpCall call)
    {
        if (call.Caller.ConnectedOperators.Count == 0)
            return OchpResponses.Of(call.Operation, ResultCode.Roaming, "none of your Provider-IDs has a roaming connection to an operator");
        var since = call.Read<GetTariffUpdatesRequest>().LastUpdate?.ToInstant();
        var providers = call.Caller.ProviderIds.Select(p => ProviderId.Parse(p).Compact).ToHashSet();
        var entries = await call.EntriesOwnedBy(Datasets.Datasets.Tariffs, call.Caller.ConnectedOperators);
        var items = entries.Where(e => since is null || e.ReceivedAt >= since)
            .Select(e => AsSeenBy(OchpResponses.Parse(e.Xml), providers))
            .OfType<XElement>()
            .Select(t => OchpResponses.Named(t, "TariffInfoArray"));
        return OchpResponses.Of(call.Operation, ResultCode.Ok, null, items);
    }
}
