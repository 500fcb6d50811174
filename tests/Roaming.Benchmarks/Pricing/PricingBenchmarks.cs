using Roaming.Protocols.Ocpi.Tariffs;
using BenchmarkDotNet.Attributes;
using NodaTime;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Protocols.Ocpi.Pricing;
using Roaming.Charging.Sessions;
using Roaming.Charging.Tariffs;
using Roaming.Protocols.Ocpi;

namespace Roaming.Benchmarks.Pricing;

/// <summary>
/// CDRs priced per second on one core over sessions that yield 1, 10, 50 and 200 charging periods (one-minute meter
/// intervals with energies from register readings or with 28-digit interpolated energies; see <see cref="PricingScenarios"/>). Operations/s = CDRs/s. <c>Price</c> uses a tariff compiled once, as a
/// cache per tariff version does; <c>PriceUncompiled</c> validates and compiles the tariff on every call.
/// </summary>
[MemoryDiagnoser]
public class PriceSession
{
    private static readonly CompiledTariff Compiled = TariffCalculator.Compile(PricingScenarios.Tariff);
    private SessionUsage _usage = null!;

    [Params(1, 10, 50, 200)]
    public int Periods { get; set; }

    [Params(PricingScenarios.Energies.Register, PricingScenarios.Energies.Interpolated)]
    public PricingScenarios.Energies Energies { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _usage = PricingScenarios.UsageWithPeriods(Periods, Energies);
        var priced = TariffCalculator.Price(PricingScenarios.Tariff, PricingScenarios.Zone, _usage);
        Console.WriteLine($"// Periods={Periods}: {priced.ChargingPeriods.Count} charging periods from {_usage.Intervals.Count} meter intervals " +
                          $"over {(_usage.End - _usage.Start).TotalMinutes:0} min, {priced.TotalEnergy:0.###} kWh, total {priced.TotalCost.InclVat} EUR incl. VAT");
    }

    [Benchmark]
    public PricedSession Price() => TariffCalculator.Price(Compiled, PricingScenarios.Zone, _usage);

    [Benchmark]
    public PricedSession PriceUncompiled() => TariffCalculator.Price(PricingScenarios.Tariff, PricingScenarios.Zone, _usage);
}

/// <summary>The floor of <see cref="TariffCalculator.Price"/>: one meter interval (meter start and stop only), one period.</summary>
[MemoryDiagnoser]
public class PriceSingleInterval
{
    private static readonly CompiledTariff Compiled = TariffCalculator.Compile(PricingScenarios.Tariff);
    private readonly SessionUsage _usage = PricingScenarios.SingleInterval();

    [Benchmark]
    public PricedSession Price() => TariffCalculator.Price(Compiled, PricingScenarios.Zone, _usage);

    [Benchmark]
    public PricedSession PriceUncompiled() => TariffCalculator.Price(PricingScenarios.Tariff, PricingScenarios.Zone, _usage);

    /// <summary>What a cache per tariff version saves on every call: validating and compiling the tariff.</summary>
    [Benchmark]
    public CompiledTariff CompileTariff() => TariffCalculator.Compile(PricingScenarios.Tariff);
}

/// <summary>Session to usage: <see cref="UsageTimeline.FromSamples"/> over 10-second samples (register, power, current).</summary>
[MemoryDiagnoser]
public class DeriveUsage
{
    private (Instant Start, Instant End, decimal MeterStartWh, decimal MeterStopWh, List<MeterSample> Samples, List<ActivityChange> Activity) _input;

    [Params(1, 2, 4, 8)]
    public int Hours { get; set; }

    [GlobalSetup]
    public void Setup() => _input = PricingScenarios.Samples(Hours);

    [Benchmark]
    public SessionUsage FromSamples() =>
        UsageTimeline.FromSamples(_input.Start, _input.End, _input.MeterStartWh, _input.MeterStopWh, _input.Samples, _input.Activity);
}

/// <summary>
/// Session to priced CDR end to end: <see cref="CdrIssuer.Issue"/> (meter samples grouped per instant, usage derived,
/// priced with the tariff in the location's zone, OCPI CDR assembled) for sessions of 10-second samples.
/// </summary>
[MemoryDiagnoser]
public class IssueCdr
{
    private CdrInputs _inputs = null!;
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 18, 12, 0);

    [Params(1, 2, 4, 8)]
    public int Hours { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _inputs = PricingScenarios.IssuerInputs(Hours);
        var issued = CdrIssuer.Issue(_inputs, Now);
        Console.WriteLine($"// Hours={Hours}: {_inputs.Session.Samples.Count} meter samples -> {issued.Cdr.ChargingPeriods.Count} charging periods, " +
                          $"{issued.Cdr.TotalEnergy:0.###} kWh, total {issued.Cdr.TotalCost.InclVat} EUR incl. VAT");
    }

    [Benchmark]
    public object Issue() => CdrIssuer.Issue(_inputs, Now);
}

/// <summary>
/// Rebuilding the session from its stream before issuing: <see cref="ChargingSession.Fold"/> over one
/// MeterSamplesRecorded event per MeterValues CALL (every 10 s, three samples each), as Marten's aggregation does.
/// </summary>
[MemoryDiagnoser]
public class FoldSession
{
    private ChargingSession _begun = null!;
    private List<object> _events = null!;

    [Params(1, 2, 4, 8)]
    public int Hours { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var session = PricingScenarios.IssuerInputs(Hours).Session;
        _begun = ChargingSession.Begin(session.Started);
        _events = session.Samples.Chunk(3)
            .Select(samples => (object)new MeterSamplesRecorded(session.Id, samples, samples[0].At))
            .Concat(session.Statuses)
            .Append(session.Ended!)
            .ToList();
    }

    [Benchmark]
    public ChargingSession Fold()
    {
        var session = _begun;
        foreach (var @event in _events)
            session = ChargingSession.Fold(session, @event);
        return session;
    }
}
