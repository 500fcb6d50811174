using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Platform.Hosting;
using Roaming.Platform.Http;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Platform.Messaging.Parking;

/// <summary>Operator API over parked messages (docs/operations.md, Parked messages): list, show, replay one or all, discard with a reason.</summary>
public static class ParkedMessageEndpoints
{
    public static void MapParkedMessages(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapOperatorApi().MapGroup("/parked-messages");

        api.MapGet("", async (string? consumer, string? type, string? status, int? offset, int? limit, ParkingLot parking,
            CancellationToken cancellationToken) =>
        {
            if (ParseStatus(status) is not { } parsed)
                return new FieldErrors().Add("status", "must be parked, resolved or discarded").ToProblem();
            var page = await parking.List(parsed, consumer, type, Math.Max(0, offset ?? 0),
                Math.Clamp(limit ?? Paging.DefaultLimit, 1, Paging.MaxLimit), cancellationToken);
            return Results.Ok(page.Select(ParkedMessageView.Of));
        });

        api.MapGet("/{id:guid}", async (Guid id, ParkingLot parking, CancellationToken cancellationToken) =>
            await parking.Find(id, cancellationToken) is { } parked ? Results.Ok(ParkedMessageView.Of(parked)) : Results.NotFound());

        api.MapPost("/{id:guid}/replay", async (Guid id, ParkingLot parking, ParkedMessageReplayer replayer, CancellationToken cancellationToken) =>
        {
            if (await parking.Find(id, cancellationToken) is not { } parked)
                return Results.NotFound();
            var result = await replayer.Replay(parked, cancellationToken);
            return result.Outcome switch
            {
                ReplayOutcome.Resolved or ReplayOutcome.Failed => Results.Ok(ReplayView.Of(result)),
                ReplayOutcome.WaitsBehind => Results.Problem($"replay parked message {result.WaitsBehind} first: it is earlier for the same consumer and ordering key",
                    statusCode: StatusCodes.Status409Conflict),
                ReplayOutcome.NotParked => Results.Problem($"the message is {Snake(parked.Status)}, not parked", statusCode: StatusCodes.Status409Conflict),
                _ => Results.Problem($"{parked.Consumer} does not run in this process", statusCode: StatusCodes.Status409Conflict),
            };
        });

        api.MapPost("/replay", async (string? consumer, string? type, ParkedMessageReplayer replayer, CancellationToken cancellationToken) =>
        {
            var results = await replayer.ReplayAll(consumer, type, cancellationToken);
            return Results.Ok(new ReplayAllView(
                results.Count(r => r.Outcome == ReplayOutcome.Resolved),
                results.Count(r => r.Outcome == ReplayOutcome.Failed),
                results.Count(r => r.Outcome == ReplayOutcome.WaitsBehind),
                results.Count(r => r.Outcome == ReplayOutcome.ConsumerNotRunning),
                results.Select(ReplayView.Of).ToList()));
        });

        api.MapPost("/{id:guid}/discard", async (Guid id, HttpRequest request, ParkingLot parking, CancellationToken cancellationToken) =>
        {
            var (body, errors) = await JsonBody.Read<DiscardRequest>(request, cancellationToken);
            if (body is not null)
                errors.RequiredString("reason", body.Reason, 500);
            if (!errors.IsValid)
                return errors.ToProblem();
            if (await parking.Find(id, cancellationToken) is not { } parked)
                return Results.NotFound();
            if (parked.Status != ParkedMessageStatus.Parked)
                return Results.Problem($"the message is {Snake(parked.Status)}, not parked", statusCode: StatusCodes.Status409Conflict);
            return Results.Ok(ParkedMessageView.Of(await parking.Discard(parked, body!.Reason!.Trim(), cancellationToken)));
        });
    }

    private static ParkedMessageStatus? ParseStatus(string? status) => status switch
    {
        null or "parked" => ParkedMessageStatus.Parked,
        "resolved" => ParkedMessageStatus.Resolved,
        "discarded" => ParkedMessageStatus.Discarded,
        _ => null,
    };

    internal static string Snake(ParkedMessageStatus status) => status.ToString().ToLowerInvariant();

    private sealed record DiscardRequest([property: JsonPropertyName("reason")] string? Reason);
}

/// <summary>A parked message on the operator API.</summary>
public sealed record ParkedMessageView(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("consumer")] string Consumer,
    [property: JsonPropertyName("message_type")] string MessageType,
    [property: JsonPropertyName("message_id")] Guid MessageId,
    [property: JsonPropertyName("correlation_id")] string? CorrelationId,
    [property: JsonPropertyName("ordering_key")] string? OrderingKey,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("parked_behind")] Guid? ParkedBehind,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("first_failed_at")] Instant FirstFailedAt,
    [property: JsonPropertyName("last_failed_at")] Instant LastFailedAt,
    [property: JsonPropertyName("closed_at")] Instant? ClosedAt,
    [property: JsonPropertyName("discard_reason")] string? DiscardReason,
    [property: JsonPropertyName("message")] JsonElement Message)
{
    public static ParkedMessageView Of(ParkedMessage parked) => new(parked.Id, parked.Consumer, parked.MessageType, parked.MessageId,
        parked.CorrelationId, parked.OrderingKey, ParkedMessageEndpoints.Snake(parked.Status), parked.ParkedBehind, parked.Error,
        parked.Attempts, parked.FirstFailedAt, parked.LastFailedAt, parked.ClosedAt, parked.DiscardReason,
        JsonDocument.Parse(parked.Payload).RootElement.Clone());
}

public sealed record ReplayView(
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("waits_behind")] Guid? WaitsBehind,
    [property: JsonPropertyName("parked_message")] ParkedMessageView Parked)
{
    public static ReplayView Of(ReplayResult result) => new(
        JsonNamingPolicy.SnakeCaseLower.ConvertName(result.Outcome.ToString()), result.WaitsBehind, ParkedMessageView.Of(result.Parked));
}

public sealed record ReplayAllView(
    [property: JsonPropertyName("resolved")] int Resolved,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("waits_behind")] int WaitsBehind,
    [property: JsonPropertyName("consumer_not_running")] int ConsumerNotRunning,
    [property: JsonPropertyName("results")] IReadOnlyList<ReplayView> Results);
