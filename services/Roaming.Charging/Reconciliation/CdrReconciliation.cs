using NodaTime;
using Roaming.Charging.Cdrs.Ocpi;
using Roaming.Protocols.Ocpi.Pricing;
using Roaming.Charging.Tariffs;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Charging.Reconciliation;

/// <summary>One total of a partner's CDR that differs from our recomputation by more than the tolerance.</summary>
public sealed record TotalDifference(string Total, decimal? Theirs, decimal? Ours);

/// <summary>
/// Re-prices a partner CPO's CDR with its tariff, from the CDR's own charging periods, and names every total that
/// differs by more than 0.01 (excl. and incl. VAT). Pure: the CDR is never changed.
/// </summary>
public static class CdrReconciliation
{
    public const decimal Tolerance = 0.01m;

    public static IReadOnlyList<TotalDifference> Compare(Cdr theirs, Tariff tariff, DateTimeZone zone)
    {
        var ours = TariffCalculator.Reprice(tariff, zone, new CdrUsage(theirs.StartDateTime, theirs.EndDateTime, theirs.ChargingPeriods));
        var differences = new List<TotalDifference>();
        Check("total_cost", theirs.TotalCost, ours.TotalCost);
        Check("total_fixed_cost", theirs.TotalFixedCost, ours.TotalFixedCost);
        Check("total_energy_cost", theirs.TotalEnergyCost, ours.TotalEnergyCost);
        Check("total_time_cost", theirs.TotalTimeCost, ours.TotalTimeCost);
        Check("total_parking_cost", theirs.TotalParkingCost, ours.TotalParkingCost);
        Check("total_reservation_cost", theirs.TotalReservationCost, ours.TotalReservationCost);
        Volume("total_energy", theirs.TotalEnergy, ours.TotalEnergy);
        return differences;

        // An absent optional total on their side means "not stated", not zero: only stated figures are compared.
        void Check(string name, Price? stated, Price computed)
        {
            if (stated is null)
                return;
            if (Math.Abs(stated.ExclVat - computed.ExclVat) > Tolerance)
                differences.Add(new TotalDifference($"{name}.excl_vat", stated.ExclVat, computed.ExclVat));
            if (stated.InclVat is { } inclVat && computed.InclVat is { } ourIncl && Math.Abs(inclVat - ourIncl) > Tolerance)
                differences.Add(new TotalDifference($"{name}.incl_vat", inclVat, ourIncl));
        }

        void Volume(string name, decimal stated, decimal computed)
        {
            if (Math.Abs(stated - computed) > Tolerance)
                differences.Add(new TotalDifference(name, stated, computed));
        }
    }
}
