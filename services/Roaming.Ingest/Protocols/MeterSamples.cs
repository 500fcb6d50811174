using System.Globalization;
using NodaTime;
using Roaming.Ingest.Ocpp.V16.Messages;
using Roaming.Ingest.Transactions;

namespace Roaming.Ingest.Protocols;

/// <summary>OCPP 1.6 meter values as recorded facts: values in base units (Wh, W, A, ...), 1.6 defaults applied.</summary>
public static class MeterSamples16
{
    public static IReadOnlyList<Transactions.SampledValue> Normalize(IReadOnlyList<MeterValue> meterValues) =>
        meterValues.SelectMany(meterValue => meterValue.SampledValue.Select(sample => Normalize(meterValue.Timestamp, sample))).ToList();

    private static Transactions.SampledValue Normalize(DateTimeOffset timestamp, Ocpp.V16.Messages.SampledValue sample)
    {
        var measurand = Wire(sample.Measurand ?? Measurand.EnergyActiveImportRegister);
        var context = Wire(sample.Context ?? ReadingContext.SamplePeriodic);
        var signed = sample.Format == ValueFormat.SignedData;
        var unit = sample.Unit ?? (measurand.StartsWith("Energy", StringComparison.Ordinal) ? UnitOfMeasure.Wh : UnitOfMeasure.W);
        var (value, baseUnit) = !signed && decimal.TryParse(sample.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var raw)
            ? ToBase(raw, unit)
            : ((decimal?)null, unit.ToString());
        return new Transactions.SampledValue(Instant.FromDateTimeOffset(timestamp), measurand, sample.Phase is { } phase ? Wire(phase) : null,
            context, sample.Location?.ToString(), value, baseUnit, signed ? sample.Value : null);
    }

    private static (decimal?, string) ToBase(decimal value, UnitOfMeasure unit) => unit switch
    {
        UnitOfMeasure.kWh => (value * 1000m, "Wh"),
        UnitOfMeasure.kW => (value * 1000m, "W"),
        UnitOfMeasure.kvarh => (value * 1000m, "varh"),
        UnitOfMeasure.kvar => (value * 1000m, "var"),
        UnitOfMeasure.kVA => (value * 1000m, "VA"),
        UnitOfMeasure.Celcius => (value, "Celsius"),
        _ => (value, unit.ToString()),
    };

    private static string Wire<T>(T value) where T : struct, Enum =>
        typeof(T).GetField(value.ToString())!
            .GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute), false)
            .Cast<System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute>()
            .Select(a => a.Name).FirstOrDefault() ?? value.ToString();
}
