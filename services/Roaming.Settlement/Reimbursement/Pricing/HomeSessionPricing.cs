using NodaTime;
using Roaming.Protocols.Ocpi.Pricing;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Settlement.Reimbursement.Employers;
using Roaming.Settlement.Reimbursement.Sessions;

namespace Roaming.Settlement.Reimbursement.Pricing;

/// <summary>What one reimbursed session is worth: its energy, the rate's source, the average rate and the amount, rounded once.</summary>
public sealed record PricedHomeSession(decimal EnergyKwh, string RateSource, decimal RatePerKwh, decimal Amount);

/// <summary>
/// Prices a reimbursed session (pure): at the employee's energy contract (an OCPI tariff, priced by the OCPI tariff
/// engine across its time-of-use restrictions in the employer's zone), at the employer's fixed rate for the country and
/// year of the session's local start, or, for a roaming CDR, at what it cost. Every amount is rounded once, half away
/// from zero, to the currency's minor unit. A reimbursement is an expense refund: no VAT is added; a tariff's price incl.
/// VAT is what the employee pays the utility, so that is what is refunded.
/// </summary>
public static class HomeSessionPricing
{
    /// <summary>Decimals of the average rate shown on a line (it explains the amount; the amount is never derived from it).</summary>
    private const int RateDecimals = 6;

    public static string EmployerRateSource(EmployerRate rate) => $"employer rate {rate.Country} {rate.Year}: {rate.Source}";

    public static string TariffSource(Tariff tariff) => $"tariff:{tariff.Id} (energy contract)";

    public static PricedHomeSession AtEmployerRate(decimal energyKwh, EmployerRate rate, string currency) =>
        new(energyKwh, EmployerRateSource(rate), rate.RatePerKwh, SettlementMoney.Round(energyKwh * rate.RatePerKwh, currency));

    public static PricedHomeSession AtTariff(decimal energyKwh, Tariff tariff, DateTimeZone zone, SessionUsage usage)
    {
        var priced = TariffCalculator.Price(tariff, zone, usage);
        var amount = SettlementMoney.Round(priced.TotalCost.InclVat ?? priced.TotalCost.ExclVat, tariff.Currency);
        return new PricedHomeSession(energyKwh, TariffSource(tariff), AverageRate(amount, energyKwh), amount);
    }

    public static PricedHomeSession AtCdrCost(HomeSession cdr) =>
        new(cdr.EnergyKwh, $"roaming CDR {cdr.MeterId} {cdr.Reference}: total cost", AverageRate(cdr.CdrAmount!.Value, cdr.EnergyKwh),
            SettlementMoney.Round(cdr.CdrAmount!.Value, cdr.CdrCurrency!));

    /// <summary>
    /// The session's usage for the tariff engine: one charging interval per pair of register readings (meter start, the
    /// readings the charger reported in between, meter stop), so a time-of-use tariff prices each stretch's energy at
    /// the price of its time.
    /// </summary>
    public static SessionUsage UsageOf(HomeSession session)
    {
        var (start, end) = (session.Start, session.End!.Value);
        var samples = session.Readings.Where(r => r.At > start && r.At < end).OrderBy(r => r.At)
            .Select(r => new MeterSample(r.At, r.RegisterWh)).ToList();
        return UsageTimeline.FromSamples(start, end, session.StartWh, session.EndWh!.Value, samples, []);
    }

    private static decimal AverageRate(decimal amount, decimal energyKwh) =>
        energyKwh == 0m ? 0m : Math.Round(amount / energyKwh, RateDecimals, MidpointRounding.AwayFromZero);
}
