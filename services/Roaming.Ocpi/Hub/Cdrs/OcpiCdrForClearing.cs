using System.Security.Cryptography;
using System.Text;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;
using Roaming.Protocols.Ocpi.Tariffs;

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

    private static IReadOnlyList<CdrPeriodForClearing> Periods(Cdr cdr)
    {
        if (cdr.StartDateTime is not { } start || cdr.EndDateTime is not { } end)
            return [];
        var periods = new List<CdrPeriodForClearing>();
        var charging = (cdr.ChargingPeriods ?? []).Where(p => p.StartDateTime is not null).OrderBy(p => p.StartDateTime).ToList();
        for (var i = 0; i < charging.Count; i++)
        {
            var periodStart = Clamp(charging[i].StartDateTime!.Value, start, end);
            var periodEnd = i + 1 < charging.Count ? Clamp(charging[i + 1].StartDateTime!.Value, start, end) : end;
            var tariff = TariffOf(cdr, charging[i].TariffId);
            foreach (var dimension in charging[i].Dimensions ?? [])
            {
                if (dimension.Type is not { } type || !type.TryGetValue(out var dimensionType) || dimension.Volume is not { } volume)
                    continue;
                if (BillingItemOf(dimensionType) is not var (item, pricedBy))
                    continue;
                periods.Add(Period(periodStart, periodEnd, item, volume, PriceOf(tariff, pricedBy)));
            }
        }
        if (PriceOf(TariffOf(cdr, cdr.ChargingPeriods?.FirstOrDefault()?.TariffId), TariffDimensionType.Flat) is > 0m and var flat)
            periods.Add(Period(start, end, "serviceFee", 1m, flat));
        return periods;
    }

    /// <summary>The clearing billing item of an OCPI dimension and the tariff dimension pricing it; null when not billed.</summary>
    public static (string Item, TariffDimensionType PricedBy)? BillingItemOf(CdrDimensionType dimension) => dimension switch
    {
        CdrDimensionType.Energy => ("energy", TariffDimensionType.Energy),
        CdrDimensionType.Time => ("usagetime", TariffDimensionType.Time),
        CdrDimensionType.ParkingTime => ("parkingtime", TariffDimensionType.ParkingTime),
        CdrDimensionType.ReservationTime => ("reservationtime", TariffDimensionType.Time),
        _ => null,
    };

    private static CdrPeriodForClearing Period(Instant start, Instant end, string item, decimal value, decimal? price) =>
        new(start.WithOffset(Offset.Zero), end.WithOffset(Offset.Zero), item, value, price ?? 0m, price is { } known ? value * known : null, null);

    private static Tariff? TariffOf(Cdr cdr, string? tariffId) =>
        cdr.Tariffs?.FirstOrDefault(t => t.Id == tariffId) ?? cdr.Tariffs?.FirstOrDefault();

    /// <summary>The price of the first tariff element pricing that dimension without restrictions, else of the first pricing it at all.</summary>
    private static decimal? PriceOf(Tariff? tariff, TariffDimensionType type)
    {
        if (tariff is null)
            return null;
        var elements = tariff.Elements.Where(e => e.PriceComponents.Any(c => c.Type == type)).ToList();
        var element = elements.FirstOrDefault(e => e.Restrictions is null) ?? elements.FirstOrDefault();
        return element?.PriceComponents.First(c => c.Type == type).Price;
    }

    private static Instant Clamp(Instant value, Instant min, Instant max) => value < min ? min : value > max ? max : value;
}
