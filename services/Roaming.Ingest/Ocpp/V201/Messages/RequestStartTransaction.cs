// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>RequestStartTransactionRequest (CSMS → charging station).</summary>
public sealed record RequestStartTransactionRequest(
    [property: JsonPropertyName("idToken")] IdTokenType IdToken,
    [property: JsonPropertyName("remoteStartId")] int RemoteStartId,
    [property: JsonPropertyName("evseId")] int? EvseId = null,
    [property: JsonPropertyName("groupIdToken")] IdTokenType? GroupIdToken = null,
    [property: JsonPropertyName("chargingProfile")] ChargingProfileType? ChargingProfile = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>RequestStartTransactionResponse.</summary>
public sealed record RequestStartTransactionResponse(
    [property: JsonPropertyName("status")] RequestStartStopStatusEnumType Status,
    [property: JsonPropertyName("statusInfo")] StatusInfoType? StatusInfo = null,
    [property: JsonPropertyName("transactionId")] string? TransactionId = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>A ChargingProfile consists of ChargingSchedule, describing the amount of power or current that can be delivered per time interval.</summary>
public sealed record ChargingProfileType(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("stackLevel")] int StackLevel,
    [property: JsonPropertyName("chargingProfilePurpose")] ChargingProfilePurposeEnumType ChargingProfilePurpose,
    [property: JsonPropertyName("chargingProfileKind")] ChargingProfileKindEnumType ChargingProfileKind,
    [property: JsonPropertyName("chargingSchedule")] IReadOnlyList<ChargingScheduleType> ChargingSchedule,
    [property: JsonPropertyName("recurrencyKind")] RecurrencyKindEnumType? RecurrencyKind = null,
    [property: JsonPropertyName("validFrom")] DateTimeOffset? ValidFrom = null,
    [property: JsonPropertyName("validTo")] DateTimeOffset? ValidTo = null,
    [property: JsonPropertyName("transactionId")] string? TransactionId = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Charging schedule period structure defines a time period in a charging schedule.</summary>
public sealed record ChargingSchedulePeriodType(
    [property: JsonPropertyName("startPeriod")] int StartPeriod,
    [property: JsonPropertyName("limit")] decimal Limit,
    [property: JsonPropertyName("numberPhases")] int? NumberPhases = null,
    [property: JsonPropertyName("phaseToUse")] int? PhaseToUse = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Charging schedule structure defines a list of charging periods, as used in: GetCompositeSchedule.conf and ChargingProfile.</summary>
public sealed record ChargingScheduleType(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("chargingRateUnit")] ChargingRateUnitEnumType ChargingRateUnit,
    [property: JsonPropertyName("chargingSchedulePeriod")] IReadOnlyList<ChargingSchedulePeriodType> ChargingSchedulePeriod,
    [property: JsonPropertyName("startSchedule")] DateTimeOffset? StartSchedule = null,
    [property: JsonPropertyName("duration")] int? Duration = null,
    [property: JsonPropertyName("minChargingRate")] decimal? MinChargingRate = null,
    [property: JsonPropertyName("salesTariff")] SalesTariffType? SalesTariff = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Consumption_ Cost</summary>
public sealed record ConsumptionCostType(
    [property: JsonPropertyName("startValue")] decimal StartValue,
    [property: JsonPropertyName("cost")] IReadOnlyList<CostType> Cost,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Cost</summary>
public sealed record CostType(
    [property: JsonPropertyName("costKind")] CostKindEnumType CostKind,
    [property: JsonPropertyName("amount")] int Amount,
    [property: JsonPropertyName("amountMultiplier")] int? AmountMultiplier = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Relative_ Timer_ Interval</summary>
public sealed record RelativeTimeIntervalType(
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("duration")] int? Duration = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Sales_ Tariff_ Entry</summary>
public sealed record SalesTariffEntryType(
    [property: JsonPropertyName("relativeTimeInterval")] RelativeTimeIntervalType RelativeTimeInterval,
    [property: JsonPropertyName("ePriceLevel")] int? EPriceLevel = null,
    [property: JsonPropertyName("consumptionCost")] IReadOnlyList<ConsumptionCostType>? ConsumptionCost = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>NOTE: This dataType is based on dataTypes from &amp;lt;&amp;lt;ref-ISOIEC15118-2,ISO 15118-2&amp;gt;&amp;gt;.</summary>
public sealed record SalesTariffType(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("salesTariffEntry")] IReadOnlyList<SalesTariffEntryType> SalesTariffEntry,
    [property: JsonPropertyName("salesTariffDescription")] string? SalesTariffDescription = null,
    [property: JsonPropertyName("numEPriceLevels")] int? NumEPriceLevels = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>Indicates the kind of schedule.</summary>
public enum ChargingProfileKindEnumType
{
    Absolute,
    Recurring,
    Relative,
}

/// <summary>Defines the purpose of the schedule transferred by this profile</summary>
public enum ChargingProfilePurposeEnumType
{
    ChargingStationExternalConstraints,
    ChargingStationMaxProfile,
    TxDefaultProfile,
    TxProfile,
}

/// <summary>The unit of measure Limit is expressed in.</summary>
public enum ChargingRateUnitEnumType
{
    W,
    A,
}

/// <summary>The kind of cost referred to in the message element amount</summary>
public enum CostKindEnumType
{
    CarbonDioxideEmission,
    RelativePricePercentage,
    RenewableGenerationPercentage,
}

/// <summary>Indicates the start point of a recurrence.</summary>
public enum RecurrencyKindEnumType
{
    Daily,
    Weekly,
}
