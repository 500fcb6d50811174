using System.Globalization;
using Ocpp16 = Roaming.Ingest.Ocpp.V16.Messages;
using Ocpp201 = Roaming.Ingest.Ocpp.V201.Messages;

namespace Roaming.Ingest.Ocpp;

/// <summary>
/// One sampled value in base units, whatever the OCPP version. <see cref="Measurand"/>, <see cref="Phase"/>,
/// <see cref="Context"/> and <see cref="Location"/> are the OCPP spellings. <see cref="Value"/> is in <see cref="Unit"/>:
/// Wh, varh, VAh, W, var, VA, A, V, Hz, K, Celsius, Fahrenheit, Percent (or a unit we do not know, unchanged).
/// When the value could not be read, <see cref="Problem"/> says why, <see cref="Value"/> is 0 and <see cref="RawValue"/>
/// keeps what was sent: record such samples, do not compute with them.
/// </summary>
public sealed record NormalizedSample(
    DateTimeOffset Timestamp,
    string Measurand,
    string? Phase,
    string Context,
    string? Location,
    decimal Value,
    string Unit,
    bool Signed,
    string? SignedData)
{
    /// <summary>The value as sent (1.6: the string; 2.0.1: the number before the multiplier).</summary>
    public string? RawValue { get; init; }

    /// <summary>Why <see cref="Value"/> is not usable; <c>null</c> when it is.</summary>
    public string? Problem { get; init; }

    public bool IsValid => Problem is null;
}

/// <summary>
/// Turns 1.6 and 2.0.1 meter values into <see cref="NormalizedSample"/>s. Pure; never throws on bad data.
/// <list type="bullet">
/// <item>Defaults when absent (both versions): measurand <c>Energy.Active.Import.Register</c>, context <c>Sample.Periodic</c>.
/// Location and phase stay <c>null</c> when absent (location then means <c>Outlet</c>; no phase means the total).</item>
/// <item>1.6: the value is a string: parsed as an invariant decimal (<c>"236.1"</c>, <c>"1e3"</c>; a lone decimal comma
/// <c>"236,1"</c> is accepted too). <c>format: SignedData</c> means the value is a signed blob: the sample is flagged
/// (<see cref="NormalizedSample.Problem"/>) with the blob in <see cref="NormalizedSample.SignedData"/>.</item>
/// <item>2.0.1: value × 10^<c>unitOfMeasure.multiplier</c>; <c>signedMeterValue.signedMeterData</c> goes to
/// <see cref="NormalizedSample.SignedData"/> and the numeric value stays usable.</item>
/// <item>Units: kWh → Wh, kW → W, kvarh → varh, kvar → var, kVA → VA (×1000; MWh/MW ×10^6); <c>Celcius</c> → <c>Celsius</c>.
/// A missing unit is the spec default <c>Wh</c> for energy measurands only; for the others it is inferred from the
/// measurand (Current → A, Voltage → V, Power → W, SoC → Percent, ...), since "Wh" would be wrong for them.</item>
/// </list>
/// </summary>
public static class MeterValueNormalizer
{
    public const string DefaultMeasurand = "Energy.Active.Import.Register";
    public const string DefaultContext = "Sample.Periodic";

    private static readonly Dictionary<string, (decimal Factor, string Unit)> Units = new(StringComparer.Ordinal)
    {
        ["Wh"] = (1m, "Wh"),
        ["kWh"] = (1000m, "Wh"),
        ["MWh"] = (1_000_000m, "Wh"),
        ["varh"] = (1m, "varh"),
        ["kvarh"] = (1000m, "varh"),
        ["kVArh"] = (1000m, "varh"),
        ["VAh"] = (1m, "VAh"),
        ["kVAh"] = (1000m, "VAh"),
        ["W"] = (1m, "W"),
        ["kW"] = (1000m, "W"),
        ["MW"] = (1_000_000m, "W"),
        ["var"] = (1m, "var"),
        ["kvar"] = (1000m, "var"),
        ["kVAr"] = (1000m, "var"),
        ["VA"] = (1m, "VA"),
        ["kVA"] = (1000m, "VA"),
        ["A"] = (1m, "A"),
        ["mA"] = (0.001m, "A"),
        ["V"] = (1m, "V"),
        ["kV"] = (1000m, "V"),
        ["Hz"] = (1m, "Hz"),
        ["K"] = (1m, "K"),
        ["Celsius"] = (1m, "Celsius"),
        ["Celcius"] = (1m, "Celsius"),
        ["Fahrenheit"] = (1m, "Fahrenheit"),
        ["Percent"] = (1m, "Percent"),
    };

    // Fallback for sloppy casing ("kwh", "KW"); excludes m/M-prefixed units, where case means milli vs mega.
    private static readonly Dictionary<string, (decimal Factor, string Unit)> UnitsIgnoringCase =
        Units.Where(u => !u.Key.StartsWith('m') && !u.Key.StartsWith('M'))
            .GroupBy(u => u.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<NormalizedSample> Normalize(IEnumerable<Ocpp16.MeterValue>? meterValues) =>
        meterValues?.SelectMany(Normalize).ToList() ?? [];

    public static IReadOnlyList<NormalizedSample> Normalize(Ocpp16.MeterValue meterValue) =>
        meterValue.SampledValue.Select(s => Normalize(s, meterValue.Timestamp)).ToList();

    public static IReadOnlyList<NormalizedSample> Normalize(IEnumerable<Ocpp201.MeterValueType>? meterValues) =>
        meterValues?.SelectMany(Normalize).ToList() ?? [];

    public static IReadOnlyList<NormalizedSample> Normalize(Ocpp201.MeterValueType meterValue) =>
        meterValue.SampledValue.Select(s => Normalize(s, meterValue.Timestamp)).ToList();

    public static NormalizedSample Normalize(Ocpp16.SampledValue sample, DateTimeOffset timestamp)
    {
        var measurand = sample.Measurand?.ToWire() ?? DefaultMeasurand;
        var phase = sample.Phase?.ToWire();
        var context = sample.Context?.ToWire() ?? DefaultContext;
        var location = sample.Location?.ToWire();
        var (factor, unit) = UnitOf(sample.Unit?.ToWire(), measurand);
        var raw = sample.Value;

        if (sample.Format == Ocpp16.ValueFormat.SignedData)
        {
            return new NormalizedSample(timestamp, measurand, phase, context, location, 0m, unit, Signed: true, SignedData: raw)
            {
                RawValue = raw,
                Problem = "format SignedData: the value is a signed blob, not a number",
            };
        }

        if (!TryParseDecimal(raw, out var value))
        {
            return Flagged(timestamp, measurand, phase, context, location, unit, raw, $"value '{Shorten(raw)}' is not a number");
        }

        return Scale(value, factor, 0, timestamp, measurand, phase, context, location, unit, raw, signed: false, signedData: null);
    }

    public static NormalizedSample Normalize(Ocpp201.SampledValueType sample, DateTimeOffset timestamp)
    {
        var measurand = sample.Measurand?.ToWire() ?? DefaultMeasurand;
        var phase = sample.Phase?.ToWire();
        var context = sample.Context?.ToWire() ?? DefaultContext;
        var location = sample.Location?.ToWire();
        var (factor, unit) = UnitOf(sample.UnitOfMeasure?.Unit, measurand);
        var multiplier = sample.UnitOfMeasure?.Multiplier ?? 0;
        var raw = sample.Value.ToString(CultureInfo.InvariantCulture);
        var signed = sample.SignedMeterValue is not null;
        return Scale(sample.Value, factor, multiplier, timestamp, measurand, phase, context, location, unit, raw, signed, sample.SignedMeterValue?.SignedMeterData);
    }

    private static NormalizedSample Scale(
        decimal value, decimal factor, int multiplier, DateTimeOffset timestamp, string measurand, string? phase, string context,
        string? location, string unit, string raw, bool signed, string? signedData)
    {
        if (multiplier is < -28 or > 28)
        {
            return Flagged(timestamp, measurand, phase, context, location, unit, raw, $"multiplier {multiplier} is out of range") with
            {
                Signed = signed,
                SignedData = signedData,
            };
        }

        try
        {
            var scaled = value * factor * Pow10(multiplier);
            return new NormalizedSample(timestamp, measurand, phase, context, location, scaled, unit, signed, signedData) { RawValue = raw };
        }
        catch (OverflowException)
        {
            return Flagged(timestamp, measurand, phase, context, location, unit, raw, $"value {Shorten(raw)} × 10^{multiplier} is out of range") with
            {
                Signed = signed,
                SignedData = signedData,
            };
        }
    }

    private static NormalizedSample Flagged(
        DateTimeOffset timestamp, string measurand, string? phase, string context, string? location, string unit, string? raw, string problem) =>
        new(timestamp, measurand, phase, context, location, 0m, unit, Signed: false, SignedData: null) { RawValue = raw, Problem = problem };

    private static (decimal Factor, string Unit) UnitOf(string? unit, string measurand)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return (1m, DefaultUnitFor(measurand));
        }

        var trimmed = unit.Trim();
        if (Units.TryGetValue(trimmed, out var known) || UnitsIgnoringCase.TryGetValue(trimmed, out known))
        {
            return known;
        }

        return (1m, trimmed);
    }

    /// <summary>The unit to assume when a sample has none (see the class remarks).</summary>
    public static string DefaultUnitFor(string measurand) => measurand switch
    {
        _ when measurand.StartsWith("Energy.Reactive", StringComparison.Ordinal) => "varh",
        _ when measurand.StartsWith("Energy.Apparent", StringComparison.Ordinal) => "VAh",
        _ when measurand.StartsWith("Energy.", StringComparison.Ordinal) => "Wh",
        "Power.Factor" => "",
        _ when measurand.StartsWith("Power.Reactive", StringComparison.Ordinal) => "var",
        _ when measurand.StartsWith("Power.", StringComparison.Ordinal) => "W",
        _ when measurand.StartsWith("Current.", StringComparison.Ordinal) => "A",
        "Voltage" => "V",
        "Frequency" => "Hz",
        "Temperature" => "Celsius",
        "SoC" => "Percent",
        "RPM" => "rpm",
        _ => "Wh",
    };

    private static bool TryParseDecimal(string? text, out decimal value)
    {
        value = 0m;
        var s = text?.Trim();
        if (string.IsNullOrEmpty(s))
        {
            return false;
        }

        const NumberStyles style = NumberStyles.Float;
        if (decimal.TryParse(s, style, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        // "236,1": a decimal comma and nothing else that could be a separator.
        return s.Count(c => c == ',') == 1 && !s.Contains('.')
            && decimal.TryParse(s.Replace(',', '.'), style, CultureInfo.InvariantCulture, out value);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result *= 10m;
        }

        return exponent >= 0 ? result : 1m / result;
    }

    private static string Shorten(string? raw) => raw is null ? "" : raw.Length <= 40 ? raw : raw[..37] + "...";
}
