// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

// Types used by more than one message.

/// <summary>
/// CustomDataType: vendor extension point on every 2.0.1 type. The only type without <c>additionalProperties: false</c>:
/// anything besides <see cref="VendorId"/> lands in <see cref="Extensions"/>.
/// </summary>
public sealed record CustomDataType([property: JsonPropertyName("vendorId")] string VendorId)
{
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>Contains a case insensitive identifier to use for the authorization and the type of authorization to support multiple forms of identifiers.</summary>
public sealed record AdditionalInfoType(
    [property: JsonPropertyName("additionalIdToken")] string AdditionalIdToken,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>A physical or logical component</summary>
public sealed record ComponentType(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("evse")] EVSEType? Evse = null,
    [property: JsonPropertyName("instance")] string? Instance = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Electric Vehicle Supply Equipment</summary>
public sealed record EVSEType(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("connectorId")] int? ConnectorId = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Contains status information about an identifier. It is advised to not stop charging for a token that expires during charging, as ExpiryDate is only used for caching purposes. If ExpiryDate is not given, the status has no end date.</summary>
public sealed record IdTokenInfoType(
    [property: JsonPropertyName("status")] AuthorizationStatusEnumType Status,
    [property: JsonPropertyName("cacheExpiryDateTime")] DateTimeOffset? CacheExpiryDateTime = null,
    [property: JsonPropertyName("chargingPriority")] int? ChargingPriority = null,
    [property: JsonPropertyName("language1")] string? Language1 = null,
    [property: JsonPropertyName("evseId")] IReadOnlyList<int>? EvseId = null,
    [property: JsonPropertyName("groupIdToken")] IdTokenType? GroupIdToken = null,
    [property: JsonPropertyName("language2")] string? Language2 = null,
    [property: JsonPropertyName("personalMessage")] MessageContentType? PersonalMessage = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Contains a case insensitive identifier to use for the authorization and the type of authorization to support multiple forms of identifiers.</summary>
public sealed record IdTokenType(
    [property: JsonPropertyName("idToken")] string IdToken,
    [property: JsonPropertyName("type")] IdTokenEnumType Type,
    [property: JsonPropertyName("additionalInfo")] IReadOnlyList<AdditionalInfoType>? AdditionalInfo = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Contains message details, for a message to be displayed on a Charging Station.</summary>
public sealed record MessageContentType(
    [property: JsonPropertyName("format")] MessageFormatEnumType Format,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("language")] string? Language = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Collection of one or more sampled values in MeterValuesRequest and TransactionEvent. All sampled values in a MeterValue are sampled at the same point in time.</summary>
public sealed record MeterValueType(
    [property: JsonPropertyName("sampledValue")] IReadOnlyList<SampledValueType> SampledValue,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Single sampled value in MeterValues. Each value can be accompanied by optional fields. To save on mobile data usage, default values of all of the optional fields are such that. The value without any additional fields will be interpreted, as a register reading of active import energy in Wh (Watt-hour) units.</summary>
public sealed record SampledValueType(
    [property: JsonPropertyName("value")] decimal Value,
    [property: JsonPropertyName("context")] ReadingContextEnumType? Context = null,
    [property: JsonPropertyName("measurand")] MeasurandEnumType? Measurand = null,
    [property: JsonPropertyName("phase")] PhaseEnumType? Phase = null,
    [property: JsonPropertyName("location")] LocationEnumType? Location = null,
    [property: JsonPropertyName("signedMeterValue")] SignedMeterValueType? SignedMeterValue = null,
    [property: JsonPropertyName("unitOfMeasure")] UnitOfMeasureType? UnitOfMeasure = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Represent a signed version of the meter value.</summary>
public sealed record SignedMeterValueType(
    [property: JsonPropertyName("signedMeterData")] string SignedMeterData,
    [property: JsonPropertyName("signingMethod")] string SigningMethod,
    [property: JsonPropertyName("encodingMethod")] string EncodingMethod,
    [property: JsonPropertyName("publicKey")] string PublicKey,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Element providing more information about the status.</summary>
public sealed record StatusInfoType(
    [property: JsonPropertyName("reasonCode")] string ReasonCode,
    [property: JsonPropertyName("additionalInfo")] string? AdditionalInfo = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Represents a UnitOfMeasure with a multiplier</summary>
public sealed record UnitOfMeasureType(
    [property: JsonPropertyName("unit")] string? Unit = null,
    [property: JsonPropertyName("multiplier")] int? Multiplier = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Reference key to a component-variable.</summary>
public sealed record VariableType(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("instance")] string? Instance = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Defaults to Actual if absent.</summary>
public enum AttributeEnumType
{
    Actual,
    Target,
    MinSet,
    MaxSet,
}

/// <summary>Current status of the ID Token.</summary>
public enum AuthorizationStatusEnumType
{
    Accepted,
    Blocked,
    ConcurrentTx,
    Expired,
    Invalid,
    NoCredit,
    NotAllowedTypeEVSE,
    NotAtThisLocation,
    NotAtThisTime,
    Unknown,
}

/// <summary>Enumeration of possible idToken types.</summary>
public enum IdTokenEnumType
{
    Central,
    eMAID,
    ISO14443,
    ISO15693,
    KeyCode,
    Local,
    MacAddress,
    NoAuthorization,
}

/// <summary>Indicates where the measured value has been sampled. Default = "Outlet"</summary>
public enum LocationEnumType
{
    Body,
    Cable,
    EV,
    Inlet,
    Outlet,
}

/// <summary>Type of measurement. Default = "Energy.Active.Import.Register"</summary>
public enum MeasurandEnumType
{
    [JsonStringEnumMemberName("Current.Export")] CurrentExport,
    [JsonStringEnumMemberName("Current.Import")] CurrentImport,
    [JsonStringEnumMemberName("Current.Offered")] CurrentOffered,
    [JsonStringEnumMemberName("Energy.Active.Export.Register")] EnergyActiveExportRegister,
    [JsonStringEnumMemberName("Energy.Active.Import.Register")] EnergyActiveImportRegister,
    [JsonStringEnumMemberName("Energy.Reactive.Export.Register")] EnergyReactiveExportRegister,
    [JsonStringEnumMemberName("Energy.Reactive.Import.Register")] EnergyReactiveImportRegister,
    [JsonStringEnumMemberName("Energy.Active.Export.Interval")] EnergyActiveExportInterval,
    [JsonStringEnumMemberName("Energy.Active.Import.Interval")] EnergyActiveImportInterval,
    [JsonStringEnumMemberName("Energy.Active.Net")] EnergyActiveNet,
    [JsonStringEnumMemberName("Energy.Reactive.Export.Interval")] EnergyReactiveExportInterval,
    [JsonStringEnumMemberName("Energy.Reactive.Import.Interval")] EnergyReactiveImportInterval,
    [JsonStringEnumMemberName("Energy.Reactive.Net")] EnergyReactiveNet,
    [JsonStringEnumMemberName("Energy.Apparent.Net")] EnergyApparentNet,
    [JsonStringEnumMemberName("Energy.Apparent.Import")] EnergyApparentImport,
    [JsonStringEnumMemberName("Energy.Apparent.Export")] EnergyApparentExport,
    Frequency,
    [JsonStringEnumMemberName("Power.Active.Export")] PowerActiveExport,
    [JsonStringEnumMemberName("Power.Active.Import")] PowerActiveImport,
    [JsonStringEnumMemberName("Power.Factor")] PowerFactor,
    [JsonStringEnumMemberName("Power.Offered")] PowerOffered,
    [JsonStringEnumMemberName("Power.Reactive.Export")] PowerReactiveExport,
    [JsonStringEnumMemberName("Power.Reactive.Import")] PowerReactiveImport,
    SoC,
    Voltage,
}

/// <summary>Format of the message.</summary>
public enum MessageFormatEnumType
{
    ASCII,
    HTML,
    URI,
    UTF8,
}

/// <summary>Indicates how the measured value is to be interpreted. For instance between L1 and neutral (L1-N) Please note that not all values of phase are applicable to all Measurands. When phase is absent, the measured value is interpreted as an overall value.</summary>
public enum PhaseEnumType
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

/// <summary>Type of detail value: start, end or sample. Default = "Sample.Periodic"</summary>
public enum ReadingContextEnumType
{
    [JsonStringEnumMemberName("Interruption.Begin")] InterruptionBegin,
    [JsonStringEnumMemberName("Interruption.End")] InterruptionEnd,
    Other,
    [JsonStringEnumMemberName("Sample.Clock")] SampleClock,
    [JsonStringEnumMemberName("Sample.Periodic")] SamplePeriodic,
    [JsonStringEnumMemberName("Transaction.Begin")] TransactionBegin,
    [JsonStringEnumMemberName("Transaction.End")] TransactionEnd,
    Trigger,
}

/// <summary>Status indicating whether the Charging Station accepts the request to start a transaction.</summary>
public enum RequestStartStopStatusEnumType
{
    Accepted,
    Rejected,
}
