using System.Security.Cryptography;
using System.Text;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Contracts.Identifiers;
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
/// Kept here for the clearing facts only until the bridge library (contracts/Roaming.Protocols.Bridge) has them.
/// Times are in UTC: an OCPI CDR carries no time zone, and the rules compare instants.
/// </summary>
public static class OcpiCdrForClearing
{
    public const string Protocol = "ocpi-2.2.1";
    private const int MaxCdrIdLength = 36;

    public static CdrForClearing Map(Cdr cdr, string documentJson)
    {
        var evseId = cdr.CdrLocation?.EvseId ?? "";
        var start = cdr.StartDateTime?.WithOffset(Offset.Zero);
        var end = cdr.EndDateTime?.WithOffset(Offset.Zero);
        return new CdrForClearing(ClearingCdrId(cdr), evseId, cdr.CdrToken?.ContractId ?? "", "new", start, end, (cdr.Currency ?? "").ToUpperInvariant(),
            cdr.TotalCost?.ExclVat, Periods(cdr), null, Protocol, documentJson);
    }

    /// <summary>
    /// The clearing house's CdrId (<c>[0-9A-Z]{1,36}</c>, starting with the EVSE's Operator-ID, which the rule
    /// <c>operator-owns-cdr-id</c> checks): the compact Operator-ID, then the OCPI id upper-cased when alphanumeric and it
    /// fits, else the first hex digits of its SHA-256. Deterministic, so a CDR pushed twice is the same CDR in clearing.
    /// </summary>
    public static string ClearingCdrId(Cdr cdr)
    {
        var prefix = EvseId.TryParse(cdr.CdrLocation?.EvseId, out var evse) ? evse.OperatorId.Compact
            : $"{cdr.CountryCode}{cdr.PartyId}".ToUpperInvariant();
        var id = cdr.Id ?? "";
        var room = MaxCdrIdLength - prefix.Length;
        var upper = id.ToUpperInvariant();
        var suffix = upper.Length <= room && upper.Length > 0 && upper.All(char.IsAsciiLetterOrDigit)
            ? upper
            : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..room];
        return prefix + suffix;
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
