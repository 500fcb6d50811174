using System.Globalization;

namespace Roaming.Benchmarks.Audit;

/// <summary>
/// <c>audit verify-bundle [EVENTS=1000000] [DIR]</c> and <c>audit seal [SECONDS=20] [APPENDERS=4] [EVENTS_PER_COMMIT=5]</c>:
/// plain timed drivers (each run is seconds to a minute; BenchmarkDotNet's repetitions would add nothing but time).
/// </summary>
public static class AuditBenchmarkCommand
{
    public const string Verb = "audit";

    public static async Task<int> Run(string[] args)
    {
        long Number(int index, long fallback) => args.Length > index ? long.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
        return args.FirstOrDefault() switch
        {
            "verify-bundle" => await BundleVerificationBenchmark.Run(Number(1, 1_000_000), args.Length > 2 ? args[2] : null),
            "seal" => await SealingThroughputBenchmark.Run((int)Number(1, 20), (int)Number(2, 4), (int)Number(3, 5)),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: audit verify-bundle [EVENTS] [DIR] | audit seal [SECONDS] [APPENDERS] [EVENTS_PER_COMMIT]");
        return 64;
    }
}
