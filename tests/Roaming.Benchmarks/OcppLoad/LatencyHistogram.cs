namespace Roaming.Benchmarks.OcppLoad;

/// <summary>Log-bucketed latency histogram (2 % resolution from 10 µs to 100 s), cheap to record and to merge across processes.</summary>
public sealed class LatencyHistogram
{
    private const double Growth = 1.02;
    private const double MinMicros = 10;
    public const int Buckets = 820;
    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly long[] _counts = new long[Buckets];

    public long Count => _counts.Sum();

    public void Record(double micros)
    {
        var index = micros <= MinMicros ? 0 : (int)(Math.Log(micros / MinMicros) / LogGrowth) + 1;
        Interlocked.Increment(ref _counts[Math.Min(index, Buckets - 1)]);
    }

    public long[] Snapshot()
    {
        var copy = new long[Buckets];
        for (var i = 0; i < Buckets; i++)
            copy[i] = Interlocked.Read(ref _counts[i]);
        return copy;
    }

    public void Add(long[] counts)
    {
        for (var i = 0; i < Math.Min(counts.Length, Buckets); i++)
            _counts[i] += counts[i];
    }

    public static LatencyHistogram Difference(long[] now, long[] before)
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < Buckets; i++)
            histogram._counts[i] = now[i] - (i < before.Length ? before[i] : 0);
        return histogram;
    }

    /// <summary>Upper edge of the bucket holding the <paramref name="quantile"/>, in milliseconds.</summary>
    public double PercentileMs(double quantile)
    {
        var total = Count;
        if (total == 0) return double.NaN;
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
                return MinMicros * Math.Pow(Growth, i) / 1000.0;
        }
        return double.PositiveInfinity;
    }
}
