using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ocpi.Feeding;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Commands;
using Roaming.Contracts.Validation;

namespace Roaming.Ocpi.Commands;

/// <summary>The immediate answer to a command (CommandResponse); the real outcome follows at response_url.</summary>
public sealed record CommandDecision(CommandReceived? Received, string Result, string? Message)
{
    public JsonObject Response(int timeoutSeconds)
    {
        var response = new JsonObject { ["result"] = Result, ["timeout"] = timeoutSeconds };
        if (Message is not null)
            response["message"] = new JsonArray(new JsonObject { ["language"] = "en", ["text"] = Message });
        return response;
    }
}

/// <summary>
/// <c>POST {commands}/{command}</c> on our CPO commands receiver: START_SESSION, STOP_SESSION, UNLOCK_CONNECTOR, RESERVE_NOW and
/// CANCEL_RESERVATION become a ChargePointCommandRequested for Ingest. We do not re-validate the token of a START_SESSION
/// (ocpi.md 4.6) but an e-MSP may only use tokens of its own parties.
/// </summary>
public static class ReceiveCommand
{
    public const int TimeoutSeconds = 60;

    public static CommandDecision Decide(Guid commandId, Partner partner, string command, JsonElement body, SessionRoute? route, Instant now,
        out FieldErrors errors)
    {
        errors = new FieldErrors();
        if (!OcpiEnumTexts<CommandType>.TryParse(command, out var type))
            return new CommandDecision(null, "NOT_SUPPORTED", $"Unknown command {command}");
        errors = CommandValidation.Read(type, body, out _);
        if (!errors.IsValid)
            return new CommandDecision(null, "REJECTED", null);
        var responseUrl = Text(body, "response_url")!;
        if (body.TryGetProperty("token", out var token) &&
            !partner.SpeaksFor(Text(token, "country_code")!, Text(token, "party_id")!))
            return new CommandDecision(null, "REJECTED", "The token belongs to a party of another platform");

        // Reservation ids are the e-MSP's; prefixed with the partner so one e-MSP cannot cancel another's reservation.
        var parameters = new Dictionary<string, string>();
        if (Text(body, "reservation_id") is { } reservationId)
            parameters[ChargePointCommandParameters.ReservationKey] = $"{partner.Id}:{reservationId}";
        if (Text(body, "authorization_reference") is { } authorizationReference)
            parameters[ChargePointCommandParameters.AuthorizationReference] = authorizationReference;
        if (body.TryGetProperty("expiry_date", out _))
        {
            if (OcpiDateTime.TryParse(Text(body, "expiry_date")) is not { } expiry)
            {
                errors.Add("expiry_date", "must be an RFC 3339 date-time");
                return new CommandDecision(null, "REJECTED", null);
            }
            if (expiry <= now)
                return new CommandDecision(null, "REJECTED", "expiry_date is in the past");
            parameters[ChargePointCommandParameters.ExpiryDate] = InstantPattern.ExtendedIso.Format(expiry);
        }
        CommandReceived Received(string kind, string? location, string? evse, string? connector, string? idTag, string? transaction,
            string? chargePoint = null) =>
            new(commandId, partner.Id, command, responseUrl, kind, chargePoint, location, evse, connector, idTag, transaction, parameters, now);

        return command switch
        {
            "START_SESSION" => Accept(Received(ChargePointCommandKinds.StartTransaction, Text(body, "location_id"), Text(body, "evse_uid"),
                Text(body, "connector_id"), Text(token, "uid"), null)),
            "STOP_SESSION" => route is null
                ? new CommandDecision(null, "UNKNOWN_SESSION", $"Unknown session {Text(body, "session_id")}")
                : Accept(Received(ChargePointCommandKinds.StopTransaction, route.LocationId, route.EvseUid, route.ConnectorId, null, route.TransactionId,
                    route.ChargePointId)),
            "UNLOCK_CONNECTOR" => Accept(Received(ChargePointCommandKinds.UnlockConnector, Text(body, "location_id"), Text(body, "evse_uid"),
                Text(body, "connector_id"), null, null)),
            "RESERVE_NOW" => Accept(Received(ChargePointCommandKinds.ReserveNow, Text(body, "location_id"), Text(body, "evse_uid"), null, Text(token, "uid"), null)),
            _ => Accept(Received(ChargePointCommandKinds.CancelReservation, null, null, null, null, null)),
        };
    }

    public static ChargePointCommandRequested ToMessage(CommandReceived received) => new(received.CommandId, received.Kind, received.ChargePointId,
        received.LocationId, received.EvseUid, received.ConnectorId, received.IdTag, received.TransactionId, received.Parameters);

    public static void MapReceiveCommand(this IEndpointRouteBuilder ocpi) =>
        ocpi.MapPost("/cpo/commands/{command}", async (string command, HttpContext http, IOcpiStore store, IClock clock, HolderFields holders) =>
        {
            var (body, bad) = await OcpiBody.Read(http.Request);
            if (bad is not null)
                return bad;
            var partner = OcpiGate.CallerOf(http);
            var now = clock.GetCurrentInstant();
            await using var session = store.LightweightSession().Stamp(new EventContext($"partner:{partner.Id}", now));
            var sessionId = body.ValueKind == JsonValueKind.Object ? Text(body, "session_id") : null;
            var route = sessionId is null ? null : await session.LoadAsync<SessionRoute>(sessionId, http.RequestAborted);
            var decision = Decide(Guid.CreateVersion7(), partner, command.ToUpperInvariant(), body, route, now, out var errors);
            if (!errors.IsValid)
                return OcpiResult.InvalidParameters(ReceivedObjects.Describe(errors));
            if (decision.Received is not null)
            {
                // The CPO must not re-validate a command's token but must put it in the session and CDR: keep it as the
                // partner's token (which also tells the Tokens service) before the command goes to the charger.
                if (body.TryGetProperty("token", out var token))
                {
                    var address = new ObjectAddress(Modules.Tokens, Text(token, "country_code")!, Text(token, "party_id")!, Text(token, "uid")!,
                        Text(token, "type")!);
                    var stream = await ReceiveObjects.Lock(session, address.Key, http.RequestAborted);
                    var existing = stream.Aggregate;
                    if (existing is null || existing.LastUpdated < (OcpiDateTime.TryParse(Text(token, "last_updated")) ?? now))
                    {
                        var stored = ReceivedObjects.Store(partner, address, token.GetRawText(), existing, now, token);
                        stored = stored with { Json = await holders.Protect(Modules.Tokens, stored.Json, http.RequestAborted) };
                        stream.AppendOne(new OcpiObjectStored(stored, "command"));
                    }
                }
                session.Events.StartStream<CommandLog>(decision.Received.CommandId.ToString(), decision.Received);
                await session.SaveChangesAsync(http.RequestAborted);
            }
            return OcpiResult.Ok(decision.Response(TimeoutSeconds));
        });

    private static CommandDecision Accept(CommandReceived received) => new(received, "ACCEPTED", null);

    private static string? Text(JsonElement element, string name) => ReceivedObjects.Text(element, name);
}
