using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Protocols.Ochp;

namespace Roaming.Ocpi.Hub.Cdrs;

/// <summary>
/// Pure: an OCPI 2.2.1 CDR an OCPI CPO pushed to the hub → the facts the clearing workflow checks
/// (<see cref="CdrForClearing"/>, protocol <c>ocpi-2.2.1</c>, the JSON as received as its document). Periods become
/// billing items the way the OCHP mapping does it (ENERGY → energy, TIME → usagetime, PARKING_TIME → parkingtime,
/// RESERVATION_TIME → reservationtime, a tariff's FLAT price one serviceFee over the session), priced by the CDR's own
/// tariffs; a period without a price has item price 0 and no stated cost, so the clearing's cost rules judge the CDR.
/// Its CdrId is the bridge's <see cref="ClearingCdrId"/>, the same an OCHP e-MSP confirms it under.
/// Kept here for the clearing facts only until the bridge library (contracts/Roaming.Protocols.Bridge) has them.
/// Times are in UTC: an OCPI CDR carries no time zone, and the rules compare instants.
/// </summary>
public static class OcpiCdrForClearing
{
    public const string Protocol = "ocpi-2.2.1";

    public static CdrForClearing Map(Cdr cdr, string documentJson)
    {
        var evseId = cdr.CdrLocation?.EvseId ?? "";
        var start = cdr.StartDateTime?.WithOffset(Offset.Zero);
        var end = cdr.EndDateTime?.WithOffset(Offset.Zero);
        return new CdrForClearing(ClearingCdrId.Of(cdr), evseId, cdr.CdrToken?.ContractId ?? "", "new", start, end, (cdr.Currency ?? "").ToUpperInvariant(),
            cdr.TotalCost?.ExclVat, Periods(cdr), null, Protocol, documentJson);
    }

    /// <summary>The CDR's periods as the clearing rules read them: OCHP billing items, UTC times (the bridge's <see cref="OcpiCdrToOchpCdr.BilledPeriods"/>).</summary>
    private static IReadOnlyList<CdrPeriodForClearing> Periods(Cdr cdr) =>
        cdr.StartDateTime is { } start && cdr.EndDateTime is { } end
            ? OcpiCdrToOchpCdr.BilledPeriods(cdr, start, end).Select(p => new CdrPeriodForClearing(p.Start.WithOffset(Offset.Zero),
                p.End.WithOffset(Offset.Zero), WireText.Of(p.Item), p.Value, p.Price ?? 0m, p.Price is { } known ? p.Value * known : null, null)).ToList()
            : [];

    /// <summary>The clearing billing item of an OCPI dimension and the tariff dimension pricing it; null when not billed.</summary>
    public static (string Item, TariffDimensionType PricedBy)? BillingItemOf(CdrDimensionType dimension) =>
        OcpiCdrToOchpCdr.BillingItemOf(dimension) is var (item, pricedBy) ? (WireText.Of(item), pricedBy) : null;
}
