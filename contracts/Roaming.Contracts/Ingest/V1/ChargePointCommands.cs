namespace Roaming.Contracts.Ingest.V1;

// Commands from the CSMS side (OCPI Commands, operator API) to a charger, and the charger's answer.
// Ingest resolves the charger either from ChargePointId or, for OCPI which addresses by location/EVSE/connector,
// from its registrations (LocationId + EvseUid [+ ConnectorId]). It sends the version-appropriate OCPP CALL
// (1.6 RemoteStartTransaction / 2.0.1 RequestStartTransaction, ...) and answers with ChargePointCommandCompleted
// carrying the same CommandId.

/// <summary>The kinds of <see cref="ChargePointCommandRequested"/> that Ingest understands.</summary>
public static class ChargePointCommandKinds
{
    public const string StartTransaction = "StartTransaction";
    public const string StopTransaction = "StopTransaction";
    public const string UnlockConnector = "UnlockConnector";
    public const string Reset = "Reset";
    public const string ChangeAvailability = "ChangeAvailability";
    public const string TriggerMessage = "TriggerMessage";
    /// <summary>1.6 ChangeConfiguration / 2.0.1 SetVariables. Parameters: key → value (2.0.1: "Component.Variable" → value).</summary>
    public const string ChangeConfiguration = "ChangeConfiguration";
    public const string SetVariables = "SetVariables";
    /// <summary>1.6 GetConfiguration / 2.0.1 GetVariables. Parameters: the keys to read (values ignored); none reads all (1.6).</summary>
    public const string GetConfiguration = "GetConfiguration";
    public const string GetVariables = "GetVariables";
    /// <summary>1.6 / 2.0.1 ReserveNow. Parameters: <c>reservationKey</c> (the requester's reservation id, unique per requester;
    /// Ingest maps it to the OCPP integer id), <c>expiryDate</c> (ISO 8601 instant), optionally <c>authorizationReference</c>.
    /// Addressed by LocationId and EvseUid (or LocationId alone when one charger serves the location); IdTag is the token.</summary>
    public const string ReserveNow = "ReserveNow";
    /// <summary>1.6 / 2.0.1 CancelReservation. Parameters: <c>reservationKey</c>; the charger is the one the reservation was made at.</summary>
    public const string CancelReservation = "CancelReservation";
}

/// <summary>Well-known keys of <see cref="ChargePointCommandRequested.Parameters"/>.</summary>
public static class ChargePointCommandParameters
{
    public const string ReservationKey = "reservationKey";
    public const string ExpiryDate = "expiryDate";
    /// <summary>The e-MSP's authorization_reference of a START_SESSION or RESERVE_NOW, echoed on the session and CDR.</summary>
    public const string AuthorizationReference = "authorizationReference";
}

/// <summary>The outcomes of a command in <see cref="ChargePointCommandCompleted.Status"/>.</summary>
public static class ChargePointCommandStatuses
{
    /// <summary>The charger answered with Accepted (or Unlocked, Scheduled: any positive answer; the raw answer is in ResultJson).</summary>
    public const string Accepted = "Accepted";
    /// <summary>The charger answered with a negative status (Rejected, UnlockFailed, NotSupported...); see Detail.</summary>
    public const string Rejected = "Rejected";
    /// <summary>The charger is not connected to this node, or no charger is registered for the addressed EVSE.</summary>
    public const string NotConnected = "NotConnected";
    /// <summary>The charger did not answer within the call timeout.</summary>
    public const string Timeout = "Timeout";
    /// <summary>The charger answered with a CALLERROR, or the command could not be translated (unknown kind, bad parameter).</summary>
    public const string Error = "Error";
    /// <summary>CancelReservation for a reservation Ingest never made (or that belongs to another requester).</summary>
    public const string UnknownReservation = "UnknownReservation";
}

public sealed record ChargePointCommandRequested(
    Guid CommandId,
    /// <summary>One of <see cref="ChargePointCommandKinds"/>.</summary>
    string Kind,
    string? ChargePointId,
    string? LocationId,
    string? EvseUid,
    string? ConnectorId,
    string? IdTag,
    string? TransactionId,
    /// <summary>Kind-specific values, e.g. Reset "type" (Soft/Hard), ChangeAvailability "type" (Operative/Inoperative),
    /// TriggerMessage "requestedMessage", configuration keys and values.</summary>
    IReadOnlyDictionary<string, string> Parameters);

public sealed record ChargePointCommandCompleted(
    Guid CommandId,
    /// <summary>One of <see cref="ChargePointCommandStatuses"/>.</summary>
    string Status,
    string? Detail,
    /// <summary>The charger's CALLRESULT payload as JSON, when it answered.</summary>
    string? ResultJson);
