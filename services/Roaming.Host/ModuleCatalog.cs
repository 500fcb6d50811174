using Roaming.Charging;
using Roaming.Clearing;
using Roaming.Ingest;
using Roaming.Network;
using Roaming.Ocpi;
using Roaming.Ochp;
using Roaming.Platform.Hosting;
using Roaming.Settlement;
using Roaming.Tokens;

namespace Roaming.Host;

/// <summary>The one table of targetable services and, through each module's DependsOn, their dependencies.</summary>
public static class ModuleCatalog
{
    public static ModuleRegistry Create() => new(
    [
        new IngestModule(),
        new NetworkModule(),
        new ChargingModule(),
        new TokensModule(),
        new Roaming.Audit.AuditModule(),
        new OcpiModule(),
        new ClearingModule(),
        new OchpModule(),
        new SettlementModule(),
    ]);
}
