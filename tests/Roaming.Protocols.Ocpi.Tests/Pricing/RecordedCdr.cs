using System.Text.Json;
using NodaTime;
using Roaming.Protocols.Ocpi.Pricing;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

/// <summary>The parts of a CDR JSON document that pricing needs: its usage, its tariffs and the totals it claims.</summary>
internal sealed record RecordedCdr(CdrUsage Usage, IReadOnlyList<Tariff> Tariffs, IReadOnlyDictionary<string, Price> CostTotals, IReadOnlyDictionary<string, decimal> VolumeTotals)
{
    public static readonly string[] CostTotalNames =
        ["total_cost", "total_fixed_cost", "total_energy_cost", "total_time_cost", "total_parking_cost", "total_reservation_cost"];

    public static readonly string[] VolumeTotalNames = ["total_energy", "total_time", "total_parking_time"];

    public static RecordedCdr From(JsonElement cdr)
    {
        T Read<T>(JsonElement element) => element.Deserialize<T>(PricingSpec.Json)!;

        var usage = new CdrUsage(
            Read<Instant>(cdr.GetProperty("start_date_time")),
            Read<Instant>(cdr.GetProperty("end_date_time")),
            Read<List<ChargingPeriod>>(cdr.GetProperty("charging_periods")));
        var tariffs = cdr.TryGetProperty("tariffs", out var list) ? Read<List<Tariff>>(list) : [];
        var costs = CostTotalNames
            .Where(name => cdr.TryGetProperty(name, out _))
            .ToDictionary(name => name, name => Read<Price>(cdr.GetProperty(name)));
        var volumes = VolumeTotalNames
            .Where(name => cdr.TryGetProperty(name, out _))
            .ToDictionary(name => name, name => cdr.GetProperty(name).GetDecimal());
        return new RecordedCdr(usage, tariffs, costs, volumes);
    }
}
