using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ocpi;
using OcpiCdr = Roaming.Protocols.Ocpi.Cdrs.Cdr;

namespace Roaming.Settlement.Ledger;

/// <summary>
/// The facts settlement keeps of a CDR, read from what the feeding services send (pure). Amounts are kept as stated;
/// a statement rounds each line once.
/// </summary>
public static class CdrFacts
{
    /// <summary>From the clearing workflow's neutral form (OCHP today): the stated total, else the periods' costs.</summary>
    public static SettledCdrFacts FromClearing(CdrForClearing cdr, Instant fallbackTime)
    {
        var start = cdr.Start?.ToInstant() ?? fallbackTime;
        return new SettledCdrFacts(
            cdr.Currency,
            cdr.TotalCost ?? cdr.Periods.Sum(p => p.PeriodCost ?? p.BillingValue * p.ItemPrice),
            start,
            cdr.End?.ToInstant() ?? start,
            CountryOfEvse(cdr.EvseId) ?? "",
            null,
            cdr.EvseId,
            cdr.Periods.Where(p => p.BillingItem == "energy").Sum(p => p.BillingValue),
            ChargingTimeOf(cdr.Periods),
            TimeOf(cdr.Periods, "parkingtime"),
            false,
            null,
            null);
    }

    /// <summary>The <c>usagetime</c> periods; a CPO that bills energy only states none, and then the energy periods' time is the charging time.</summary>
    private static Duration ChargingTimeOf(IReadOnlyList<CdrPeriodForClearing> periods) =>
        periods.Any(p => p.BillingItem == "usagetime") ? TimeOf(periods, "usagetime") : TimeOf(periods, "energy");

    private static Duration TimeOf(IEnumerable<CdrPeriodForClearing> periods, string item) =>
        periods.Where(p => p.BillingItem == item).Aggregate(Duration.Zero, (sum, p) => sum + (p.End.ToInstant() - p.Start.ToInstant()));

    /// <summary>The country of an EVSE-ID (<c>DE*CPO*E1</c> → <c>DE</c>), null when it does not start with an alpha-2 code.</summary>
    public static string? CountryOfEvse(string? evseId) =>
        evseId is { Length: >= 2 } && Iso3166Countries.IsAlpha2(evseId[..2].ToUpperInvariant()) ? evseId[..2].ToUpperInvariant() : null;

    /// <summary>An OCPI 2.2.1 CDR read for settlement: whose it is and what it is worth.</summary>
    /// <param name="Problem">Why the CDR cannot enter the ledger (then the rest is null).</param>
    public sealed record Read(string? ProviderId, SettledCdrFacts? Facts, string? Problem);

    /// <summary>
    /// From an OCPI CDR: <c>total_cost.excl_vat</c>, <c>total_energy</c>, <c>total_time</c> and <c>total_parking_time</c>
    /// (hours), the country of <c>cdr_location</c> (alpha-3, kept as alpha-2; else the EVSE-ID's, else the CPO's),
    /// <c>signed_data</c> as evidence. A credit CDR is worth a negative amount whatever sign it states.
    /// </summary>
    public static Read FromOcpi(OcpiCdr cdr, string operatorCountry)
    {
        if (cdr.CdrToken?.CountryCode is not { } tokenCountry || cdr.CdrToken.PartyId is not { } tokenParty
            || !ProviderId.TryParse($"{tokenCountry}*{tokenParty}", out var provider))
            return new Read(null, null, "cdr_token.country_code and party_id do not name an e-MSP");
        if (cdr.Currency is not { Length: 3 } currency)
            return new Read(null, null, "currency is missing");
        if (cdr.TotalCost is not { } total)
            return new Read(null, null, "total_cost is missing");
        if (cdr.StartDateTime is not { } start)
            return new Read(null, null, "start_date_time is missing");
        var credit = cdr.Credit == true;
        var location = cdr.CdrLocation;
        var country = (location?.Country is { } alpha3 ? Iso3166Countries.Alpha2Of(alpha3.ToUpperInvariant()) : null)
                      ?? CountryOfEvse(location?.EvseId) ?? operatorCountry.ToUpperInvariant();
        var facts = new SettledCdrFacts(
            currency,
            credit ? -Math.Abs(total.ExclVat) : total.ExclVat,
            start,
            cdr.EndDateTime ?? start,
            country,
            location?.Id,
            location?.EvseId ?? location?.EvseUid,
            cdr.TotalEnergy ?? 0m,
            Hours(cdr.TotalTime),
            Hours(cdr.TotalParkingTime),
            credit,
            cdr.CreditReferenceId,
            cdr.SignedData is { ValueKind: not System.Text.Json.JsonValueKind.Null and not System.Text.Json.JsonValueKind.Undefined } signed ? signed.GetRawText() : null);
        return new Read(provider.ToString(), facts, null);
    }

    private static Duration Hours(decimal? hours) => hours is { } h ? Duration.FromSeconds((long)Math.Round(h * 3600m, MidpointRounding.AwayFromZero)) : Duration.Zero;
}
