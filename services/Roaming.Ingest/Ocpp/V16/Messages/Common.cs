using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

// Types shared by several OCPP 1.6 messages, named as in the OCPP 1.6 specification (section 7).

/// <summary>IdTagInfo: the CSMS's verdict on an idTag (Authorize, StartTransaction, StopTransaction responses).</summary>
public sealed record IdTagInfo(
    [property: JsonPropertyName("status")] AuthorizationStatus Status,
    [property: JsonPropertyName("expiryDate")] DateTimeOffset? ExpiryDate = null,
    [property: JsonPropertyName("parentIdTag")] string? ParentIdTag = null);

public enum AuthorizationStatus
{
    Accepted,
    Blocked,
    Expired,
    Invalid,
    ConcurrentTx,
}

/// <summary>MeterValue: the samples taken at one point in time (MeterValues.meterValue, StopTransaction.transactionData).</summary>
public sealed record MeterValue(
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("sampledValue")] IReadOnlyList<SampledValue> SampledValue);

/// <summary>
/// SampledValue. <see cref="Value"/> is a <b>string</b> in 1.6 (a decimal such as <c>"236.1"</c>, or a signed blob when
/// <see cref="Format"/> is <see cref="ValueFormat.SignedData"/>); a JSON number is tolerated when reading.
/// Spec defaults when absent: context <c>Sample.Periodic</c>, format <c>Raw</c>, measurand
/// <c>Energy.Active.Import.Register</c>, location <c>Outlet</c>, unit <c>Wh</c>. Use <see cref="MeterValueNormalizer"/>
/// to get numbers in base units.
/// </summary>
public sealed record SampledValue(
    [property: JsonPropertyName("value"), JsonConverter(typeof(LenientStringConverter))] string Value,
    [property: JsonPropertyName("context")] ReadingContext? Context = null,
    [property: JsonPropertyName("format")] ValueFormat? Format = null,
    [property: JsonPropertyName("measurand")] Measurand? Measurand = null,
    [property: JsonPropertyName("phase")] Phase? Phase = null,
    [property: JsonPropertyName("location")] Location? Location = null,
    [property: JsonPropertyName("unit")] UnitOfMeasure? Unit = null);

public enum ReadingContext
{
    [JsonStringEnumMemberName("Interruption.Begin")] InterruptionBegin,
    [JsonStringEnumMemberName("Interruption.End")] InterruptionEnd,
    [JsonStringEnumMemberName("Sample.Clock")] SampleClock,
    [JsonStringEnumMemberName("Sample.Periodic")] SamplePeriodic,
    [JsonStringEnumMemberName("Transaction.Begin")] TransactionBegin,
    [JsonStringEnumMemberName("Transaction.End")] TransactionEnd,
    Trigger,
    Other,
}

public enum ValueFormat
{
    Raw,
    SignedData,
}

public enum Measurand
{
    [JsonStringEnumMemberName("Energy.Active.Export.Register")] EnergyActiveExportRegister,
    [JsonStringEnumMemberName("Energy.Active.Import.Register")] EnergyActiveImportRegister,
    [JsonStringEnumMemberName("Energy.Reactive.Export.Register")] EnergyReactiveExportRegister,
    [JsonStringEnumMemberName("Energy.Reactive.Import.Register")] EnergyReactiveImportRegister,
    [JsonStringEnumMemberName("Energy.Active.Export.Interval")] EnergyActiveExportInterval,
    [JsonStringEnumMemberName("Energy.Active.Import.Interval")] EnergyActiveImportInterval,
    [JsonStringEnumMemberName("Energy.Reactive.Export.Interval")] EnergyReactiveExportInterval,
    [JsonStringEnumMemberName("Energy.Reactive.Import.Interval")] EnergyReactiveImportInterval,
    [JsonStringEnumMemberName("Power.Active.Export")] PowerActiveExport,
    [JsonStringEnumMemberName("Power.Active.Import")] PowerActiveImport,
    [JsonStringEnumMemberName("Power.Offered")] PowerOffered,
    [JsonStringEnumMemberName("Power.Reactive.Export")] PowerReactiveExport,
    [JsonStringEnumMemberName("Power.Reactive.Import")] PowerReactiveImport,
    [JsonStringEnumMemberName("Power.Factor")] PowerFactor,
    [JsonStringEnumMemberName("Current.Import")] CurrentImport,
    [JsonStringEnumMemberName("Current.Export")] CurrentExport,
    [JsonStringEnumMemberName("Current.Offered")] CurrentOffered,
    Voltage,
    Frequency,
    Temperature,
    SoC,
    RPM,
}

public enum Phase
{
    L1,
    L2,
    L3,
    N,
    [JsonStringEnumMemberName("L1-N")] L1N,
    [JsonStringEnumMemberName("L2-N")] L2N,
    [JsonStringEnumMemberName("L3-N")] L3N,
    [JsonStringEnumMemberName("L1-L2")] L1L2,
    [JsonStringEnumMemberName("L2-L3")] L2L3,
    [JsonStringEnumMemberName("L3-L1")] L3L1,
}

public enum Location
{
    Cable,
    EV,
    Inlet,
    Outlet,
    Body,
}

/// <summary>UnitOfMeasure. Both <c>Celsius</c> and the 1.6 typo <c>Celcius</c> exist (errata: accept both).</summary>
public enum UnitOfMeasure
{
    Wh,
    kWh,
    varh,
    kvarh,
    W,
    kW,
    VA,
    kVA,
    var,
    kvar,
    A,
    V,
    K,
    Celcius,
    Celsius,
    Fahrenheit,
    Percent,
}
