using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>RemoteStartTransaction.req (CSMS → charge point). <see cref="ChargingProfile"/> must be a TxProfile.</summary>
public sealed record RemoteStartTransactionRequest(
    [property: JsonPropertyName("idTag")] string IdTag,
    [property: JsonPropertyName("connectorId")] int? ConnectorId = null,
    [property: JsonPropertyName("chargingProfile")] ChargingProfile? ChargingProfile = null);

/// <summary>RemoteStartTransaction.conf.</summary>
public sealed record RemoteStartTransactionResponse(
    [property: JsonPropertyName("status")] RemoteStartStopStatus Status);

public enum RemoteStartStopStatus
{
    Accepted,
    Rejected,
}

/// <summary>ChargingProfile (smart charging), as far as RemoteStartTransaction uses it.</summary>
public sealed record ChargingProfile(
    [property: JsonPropertyName("chargingProfileId")] int ChargingProfileId,
    [property: JsonPropertyName("stackLevel")] int StackLevel,
    [property: JsonPropertyName("chargingProfilePurpose")] ChargingProfilePurposeType ChargingProfilePurpose,
    [property: JsonPropertyName("chargingProfileKind")] ChargingProfileKindType ChargingProfileKind,
    [property: JsonPropertyName("chargingSchedule")] ChargingSchedule ChargingSchedule,
    [property: JsonPropertyName("transactionId")] int? TransactionId = null,
    [property: JsonPropertyName("recurrencyKind")] RecurrencyKindType? RecurrencyKind = null,
    [property: JsonPropertyName("validFrom")] DateTimeOffset? ValidFrom = null,
    [property: JsonPropertyName("validTo")] DateTimeOffset? ValidTo = null);

/// <summary>ChargingSchedule. Limits and rates have one decimal (<c>multipleOf 0.1</c>).</summary>
public sealed record ChargingSchedule(
    [property: JsonPropertyName("chargingRateUnit")] ChargingRateUnitType ChargingRateUnit,
    [property: JsonPropertyName("chargingSchedulePeriod")] IReadOnlyList<ChargingSchedulePeriod> ChargingSchedulePeriod,
    [property: JsonPropertyName("duration")] int? Duration = null,
    [property: JsonPropertyName("startSchedule")] DateTimeOffset? StartSchedule = null,
    [property: JsonPropertyName("minChargingRate")] decimal? MinChargingRate = null);

/// <summary>ChargingSchedulePeriod: from <see cref="StartPeriod"/> seconds after the schedule start, at most <see cref="Limit"/>.</summary>
public sealed record ChargingSchedulePeriod(
    [property: JsonPropertyName("startPeriod")] int StartPeriod,
    [property: JsonPropertyName("limit")] decimal Limit,
    [property: JsonPropertyName("numberPhases")] int? NumberPhases = null);

public enum ChargingProfilePurposeType
{
    ChargePointMaxProfile,
    TxDefaultProfile,
    TxProfile,
}

public enum ChargingProfileKindType
{
    Absolute,
    Recurring,
    Relative,
}

public enum RecurrencyKindType
{
    Daily,
    Weekly,
}

public enum ChargingRateUnitType
{
    A,
    W,
}
