using Roaming.Protocols.Ocpi.Tariffs;
using System.Diagnostics;
using System.Globalization;
using NodaTime;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Protocols.Ocpi.Pricing;

namespace Roaming.Benchmarks.Pricing;

/// <summary>
/// <c>pricing-loop [price|price-register|price-uncompiled|issue|price-so-far] N SECONDS</c> (N periods, or hours for issue and
/// price-so-far): prices (or issues) the same session in a tight loop on one
/// thread, so that a profiler can attach (<c>dotnet-trace collect -p PID</c>); prints CDRs/s every second. It also prints
/// CDRs per CPU-second of the process (GC included): on a machine shared with other work, wall-clock rates measure the
/// contention, CPU time measures the code. The bytes allocated per CDR are counted on the loop's thread.
/// </summary>
public static class PricingLoop
{
    public const string Verb = "pricing-loop";

    public static int Run(string[] args)
    {
        var what = args.ElementAtOrDefault(0) ?? "price";
        var size = int.Parse(args.ElementAtOrDefault(1) ?? "10", CultureInfo.InvariantCulture);
        var seconds = int.Parse(args.ElementAtOrDefault(2) ?? "30", CultureInfo.InvariantCulture);
        Func<object> work;
        if (what == "issue")
        {
            var inputs = PricingScenarios.IssuerInputs(size);
            var now = Instant.FromUtc(2026, 11, 18, 12, 0);
            work = () => CdrIssuer.Issue(inputs, now);
        }
        else if (what == "price-so-far")
        {
            // The running cost on a MeterValues reading: the same session still active, priced up to its latest register reading.
            var inputs = PricingScenarios.IssuerInputs(size);
            var running = inputs with { Session = inputs.Session with { Ended = null } };
            work = () => CdrIssuer.PriceSoFar(running)!;
        }
        else if (what == "price-uncompiled")
        {
            var usage = PricingScenarios.UsageWithPeriods(size);
            work = () => TariffCalculator.Price(PricingScenarios.Tariff, PricingScenarios.Zone, usage);
        }
        else
        {
            var usage = PricingScenarios.UsageWithPeriods(size, what == "price-register" ? PricingScenarios.Energies.Register : PricingScenarios.Energies.Interpolated);
            var compiled = TariffCalculator.Compile(PricingScenarios.Tariff);
            work = () => TariffCalculator.Price(compiled, PricingScenarios.Zone, usage);
            Console.WriteLine($"session: {TariffCalculator.Price(compiled, PricingScenarios.Zone, usage).ChargingPeriods.Count} charging periods, {usage.Intervals.Count} meter intervals");
        }
        Console.WriteLine($"pid {Environment.ProcessId}: {what} {size} for {seconds} s");
        for (var i = 0; i < 1000; i++) work(); // JIT tiers up before measuring
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuAtStart = process.TotalProcessorTime;
        var allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        var collectionsAtStart = GC.CollectionCount(0);
        var total = Stopwatch.StartNew();
        var second = Stopwatch.StartNew();
        long count = 0, all = 0;
        while (total.Elapsed.TotalSeconds < seconds)
        {
            work();
            count++;
            if (second.ElapsedMilliseconds >= 1000)
            {
                Console.WriteLine($"{count / second.Elapsed.TotalSeconds:0} /s");
                all += count;
                count = 0;
                second.Restart();
            }
        }
        all += count;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuAtStart).TotalSeconds;
        var bytesPerCdr = (GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart) / (double)all;
        Console.WriteLine($"mean {all / total.Elapsed.TotalSeconds:0} /s wall-clock; {all / cpu:0} per CPU-second ({cpu:0.0} CPU-s in {total.Elapsed.TotalSeconds:0.0} s); " +
                          $"{bytesPerCdr:0} bytes allocated per CDR, {GC.CollectionCount(0) - collectionsAtStart} gen0 collections");
        return 0;
    }
}
