using NodaTime;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Transactions;

namespace Roaming.Ingest.Protocols;

/// <summary>Meter values of either OCPP version as recorded facts: base units (Wh, W, A), defaults applied, garbage kept as null.</summary>
public static class MeterSamples
{
    public static IReadOnlyList<SampledValue> From(IReadOnlyList<NormalizedSample> samples) =>
        samples.Select(s => new SampledValue(Instant.FromDateTimeOffset(s.Timestamp), s.Measurand, s.Phase, s.Context, s.Location,
            s.IsValid && !s.Signed ? s.Value : null, s.Unit, s.SignedData)).ToList();
}
