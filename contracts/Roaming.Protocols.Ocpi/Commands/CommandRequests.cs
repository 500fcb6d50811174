using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using Roaming.Protocols.Ocpi.Tokens;
using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi.Commands;

/// <summary>
/// The bodies of OCPI 2.2.1 commands (mod_commands 13.3) as one record: each command uses some of these fields, and
/// <see cref="CommandValidation"/> requires the ones its command needs.
/// </summary>
public sealed record CommandRequest
{
    [JsonPropertyName("response_url")] public string? ResponseUrl { get; init; }
    [JsonPropertyName("token")] public Token? Token { get; init; }
    [JsonPropertyName("location_id")] public string? LocationId { get; init; }
    [JsonPropertyName("evse_uid")] public string? EvseUid { get; init; }
    [JsonPropertyName("connector_id")] public string? ConnectorId { get; init; }
    [JsonPropertyName("authorization_reference")] public string? AuthorizationReference { get; init; }
    [JsonPropertyName("session_id")] public string? SessionId { get; init; }
    [JsonPropertyName("expiry_date")] public Instant? ExpiryDate { get; init; }
    [JsonPropertyName("reservation_id")] public string? ReservationId { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<CommandType>))]
public enum CommandType
{
    [JsonStringEnumMemberName("CANCEL_RESERVATION")] CancelReservation = 1,
    [JsonStringEnumMemberName("RESERVE_NOW")] ReserveNow,
    [JsonStringEnumMemberName("START_SESSION")] StartSession,
    [JsonStringEnumMemberName("STOP_SESSION")] StopSession,
    [JsonStringEnumMemberName("UNLOCK_CONNECTOR")] UnlockConnector,
}

/// <summary>Checks a command body for its command, every problem with its JSON path (for example <c>token.uid</c>).</summary>
public static class CommandValidation
{
    public static FieldErrors Read(CommandType command, JsonElement json, out CommandRequest? request)
    {
        OcpiJson.TryRead(json, read => Validate(command, read), out request, out var errors);
        return errors;
    }

    public static FieldErrors Validate(CommandType command, CommandRequest request)
    {
        var errors = new FieldErrors();
        errors.Url("response_url", request.ResponseUrl, required: true);
        var needsToken = command is CommandType.StartSession or CommandType.ReserveNow;
        if (needsToken)
        {
            errors.Required("token", request.Token);
            if (request.Token is { } token)
                errors.Include("token", TokenValidation.Validate(token));
        }
        var needsLocation = command is CommandType.StartSession or CommandType.ReserveNow or CommandType.UnlockConnector;
        errors.CiString("location_id", request.LocationId, 36, required: needsLocation);
        errors.CiString("evse_uid", request.EvseUid, 36, required: command == CommandType.UnlockConnector);
        errors.CiString("connector_id", request.ConnectorId, 36, required: command == CommandType.UnlockConnector);
        errors.CiString("authorization_reference", request.AuthorizationReference, 36, required: false);
        errors.CiString("session_id", request.SessionId, 36, required: command == CommandType.StopSession);
        errors.DateTime("expiry_date", request.ExpiryDate, required: command == CommandType.ReserveNow);
        errors.CiString("reservation_id", request.ReservationId, 36,
            required: command is CommandType.ReserveNow or CommandType.CancelReservation);
        return errors;
    }
}
