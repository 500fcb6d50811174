using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Connections;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Contracts.Validation;

namespace Roaming.Ingest.Commands.Sending;

/// <summary>
/// An operator asked for a command to a charger (<c>POST /api/charge-points/{id}/commands/{command}</c>). Published as
/// <see cref="ChargePointCommandRequested"/>, so it reaches the node holding the charger's connection like an OCPI
/// command does; the outcome is the <see cref="ChargePointCommandAnswered"/> of the same command id.
/// </summary>
/// <param name="Command">The operator API's name of it (<c>reset</c>, <c>change-configuration</c>...).</param>
public sealed record OperatorCommandRequested(Guid CommandId, string ChargePointId, string Command, string Kind, string? ConnectorId, string? IdTag,
    string? TransactionId, IReadOnlyDictionary<string, string> Parameters, Instant RequestedAt)
{
    /// <summary>Not the answer's stream (<see cref="ChargePointCommandAnswered.StreamFor"/>), which is started by the first answer only.</summary>
    public static string StreamFor(Guid commandId) => $"operator-command/{commandId}";

    public ChargePointCommandRequested ToMessage() =>
        new(CommandId, Kind, ChargePointId, null, null, ConnectorId, IdTag, TransactionId, Parameters);
}

/// <summary>What is known of an operator's command: <see cref="Pending"/> until the charger (or the lack of it) answered.</summary>
/// <param name="Status">One of <see cref="ChargePointCommandStatuses"/>, or <see cref="Pending"/>.</param>
/// <param name="Action">The OCPP action sent; absent when nothing was sent (not connected, or the command did not fit the charger's version).</param>
/// <param name="Result">The charger's CALLRESULT payload.</param>
public sealed record ChargePointCommandView(
    [property: JsonPropertyName("command_id")] Guid CommandId,
    [property: JsonPropertyName("charge_point_id")] string ChargePointId,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string> Parameters,
    [property: JsonPropertyName("requested_at")] Instant RequestedAt,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("result")] JsonNode? Result,
    [property: JsonPropertyName("answered_at")] Instant? AnsweredAt)
{
    public const string Pending = "Pending";

    public static ChargePointCommandView Of(OperatorCommandRequested requested, ChargePointCommandAnswered? answered) => new(
        requested.CommandId, requested.ChargePointId, requested.Command, requested.Parameters, requested.RequestedAt,
        answered?.Status ?? Pending, answered?.Action, answered?.Detail, answered?.ResultJson is { } json ? JsonNode.Parse(json) : null,
        answered?.AnsweredAt);
}

/// <summary>
/// <c>POST /api/charge-points/{id}/commands/{command}</c> records the operator's command, which the outbox delivers to the
/// node holding the connection, and answers with the charger's answer when it comes within
/// <see cref="IngestLimits.CommandAnswerWait"/>: 200 (Accepted or Rejected: the charger's result), 409 not connected,
/// 422 not sendable to this charger's version, 502 the charger answered with a CALLERROR, 504 it did not answer in its
/// call timeout. Past the wait: 202 with the location of <c>GET /api/charge-points/{id}/commands/{commandId}</c>.
/// </summary>
public static class SendChargePointCommand
{
    public static void MapSendChargePointCommand(this IEndpointRouteBuilder api)
    {
        api.MapPost("/charge-points/{chargePointId}/commands/{command}", Send).WithName("SendChargePointCommand");
        api.MapGet("/charge-points/{chargePointId}/commands/{commandId:guid}", Get).WithName("GetChargePointCommand");
    }

    private static async Task<Results<Ok<ChargePointCommandView>, Accepted<ChargePointCommandView>, ValidationProblem, ProblemHttpResult, NotFound>> Send(
        string chargePointId, string command, HttpRequest http, IIngestStore store, IClock clock, IOptions<IngestLimits> limits)
    {
        var cancellation = http.HttpContext.RequestAborted;
        if (!OperatorCommands.Exists(command))
            return TypedResults.Problem($"Unknown command '{command}'; the commands are {string.Join(", ", OperatorCommands.Names)}",
                statusCode: StatusCodes.Status404NotFound);
        var (body, unreadable) = await ReadBody(http, cancellation);
        if (unreadable is not null)
            return unreadable.ToProblem();
        var request = OperatorCommands.Read(command, body, out var errors);
        if (request is null)
            return errors.ToProblem();

        var now = clock.GetCurrentInstant();
        var requested = new OperatorCommandRequested(Guid.CreateVersion7(), chargePointId, command, request.Kind, request.ConnectorId, request.IdTag,
            request.TransactionId, request.Parameters, now);
        await using (var session = store.LightweightSession().Stamp(EventContext.Operator(now, requested.CommandId.ToString())))
        {
            if (await session.LoadAsync<ChargePointRegistration>(chargePointId, cancellation) is null)
                return TypedResults.NotFound();
            session.Events.StartStream(OperatorCommandRequested.StreamFor(requested.CommandId), requested);
            await session.SaveChangesAsync(cancellation);
        }

        var view = ChargePointCommandView.Of(requested, await AnswerWithin(store, requested.CommandId, limits.Value.CommandAnswerWait, cancellation));
        var extensions = new Dictionary<string, object?> { ["command_id"] = view.CommandId, ["command_status"] = view.Status };
        return view.Status switch
        {
            ChargePointCommandView.Pending => TypedResults.Accepted($"{http.PathBase}{http.Path.Value![..http.Path.Value!.LastIndexOf('/')]}/{view.CommandId}", view),
            ChargePointCommandStatuses.Accepted or ChargePointCommandStatuses.Rejected => TypedResults.Ok(view),
            ChargePointCommandStatuses.NotConnected => TypedResults.Problem(view.Detail, statusCode: StatusCodes.Status409Conflict,
                title: "The charger is not connected", extensions: extensions),
            ChargePointCommandStatuses.Timeout => TypedResults.Problem(view.Detail, statusCode: StatusCodes.Status504GatewayTimeout,
                title: "The charger did not answer", extensions: extensions),
            _ when view.Action is null => TypedResults.Problem(view.Detail, statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The command cannot be sent to this charger", extensions: extensions),
            _ => TypedResults.Problem(view.Detail, statusCode: StatusCodes.Status502BadGateway, title: "The charger answered with an error",
                extensions: extensions),
        };
    }

    private static async Task<Results<Ok<ChargePointCommandView>, NotFound>> Get(string chargePointId, Guid commandId, IIngestStore store,
        CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var requested = (await session.Events.FetchStreamAsync(OperatorCommandRequested.StreamFor(commandId), token: cancellation))
            .Select(e => e.Data).OfType<OperatorCommandRequested>().FirstOrDefault();
        if (requested is null || requested.ChargePointId != chargePointId)
            return TypedResults.NotFound();
        return TypedResults.Ok(ChargePointCommandView.Of(requested, await Answer(session, commandId, cancellation)));
    }

    /// <summary>No body (a reset with the version's default type) reads as <c>{}</c>.</summary>
    private static async Task<(JsonElement Body, FieldErrors? Unreadable)> ReadBody(HttpRequest http, CancellationToken cancellation)
    {
        using var reader = new StreamReader(http.Body);
        var text = await reader.ReadToEndAsync(cancellation);
        try
        {
            return (JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text).RootElement.Clone(), null);
        }
        catch (JsonException exception)
        {
            return (default, new FieldErrors().Add("$", $"is not JSON: {exception.Message}"));
        }
    }

    /// <summary>
    /// Polls for the answer: it is recorded by whichever node holds the connection, so a database read is what every
    /// node can wait on. Quick at first (a connected charger answers in milliseconds), then at most twice a second.
    /// </summary>
    private static async Task<ChargePointCommandAnswered?> AnswerWithin(IIngestStore store, Guid commandId, TimeSpan wait, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + wait;
        var pause = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            await using (var session = store.QuerySession())
                if (await Answer(session, commandId, cancellation) is { } answered)
                    return answered;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                return null;
            await Task.Delay(left < pause ? left : pause, cancellation);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(500).Ticks));
        }
    }

    private static async Task<ChargePointCommandAnswered?> Answer(IQuerySession session, Guid commandId, CancellationToken cancellation) =>
        (await session.Events.FetchStreamAsync(ChargePointCommandAnswered.StreamFor(commandId), token: cancellation))
            .Select(e => e.Data).OfType<ChargePointCommandAnswered>().FirstOrDefault();
}
