using System.Net.WebSockets;
using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Connections;
using Roaming.Ingest.Ocpp;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Ingest.Commands;

/// <summary>
/// Carries a command to the charger over its live connection and records the answer as <see cref="ChargePointCommandAnswered"/>;
/// the outbox publishes ChargePointCommandCompleted from it, never this consumer (so an answer is published if and only
/// if it was recorded). The charger is found by ChargePointId or, for OCPI, by location and EVSE in the registrations.
/// Limits: only connections held by this node are reached (in a multi-node deployment the command must be routed to
/// the node holding the charger's connection; a charger on another node is answered NotConnected); a redelivered
/// command whose answer was not yet recorded is sent to the charger again; the consumer waits up to CallTimeout for the answer.
/// </summary>
public sealed class OnChargePointCommandRequested(IIngestStore store, ConnectionRegistry registry, OcppSchemas schemas, IClock clock,
    ILogger<OnChargePointCommandRequested> logger) : IConsumer<ChargePointCommandRequested>
{
    public async Task Consume(ConsumeContext<ChargePointCommandRequested> context)
    {
        var command = context.Message;
        var cancellationToken = context.CancellationToken;
        await using var session = store.LightweightSession();
        if (!await session.TryMarkHandled(nameof(OnChargePointCommandRequested), context.MessageId, clock.GetCurrentInstant(), cancellationToken))
            return;

        var answered = await Carry(session, command, cancellationToken);
        logger.LogInformation("Command {Kind} {CommandId} to {ChargePoint}: {Status} {Detail}",
            command.Kind, command.CommandId, answered.ChargePointId, answered.Status, answered.Detail);
        session.Stamp(EventContext.Message("ingest", context.MessageId, context.CorrelationId?.ToString(), answered.AnsweredAt));
        session.Events.Append(ChargePointCommandAnswered.StreamFor(command.CommandId), answered);
        await session.SaveChangesAsync(cancellationToken);
    }

    private async Task<ChargePointCommandAnswered> Carry(IDocumentSession session, ChargePointCommandRequested command, CancellationToken cancellationToken)
    {
        ChargePointCommandAnswered Answer(string? chargePointId, string? action, string status, string? detail, string? result = null) =>
            new(command.CommandId, command.Kind, chargePointId, action, status, detail, result, clock.GetCurrentInstant());

        var chargePoint = await Find(session, command, cancellationToken);
        if (chargePoint is null)
            return Answer(command.ChargePointId, null, ChargePointCommandStatuses.NotConnected,
                command.ChargePointId is null ? $"no charger registered for {command.LocationId}/{command.EvseUid}" : $"{command.ChargePointId} is not registered");
        if (registry.Find(chargePoint.Id) is not { } connection)
            return Answer(chargePoint.Id, null, ChargePointCommandStatuses.NotConnected, $"{chargePoint.Id} is not connected to this node");

        var translated = ChargePointCommandCalls.Translate(connection.Version, chargePoint, command);
        if (translated.Refusal is { } refusal)
            return Answer(chargePoint.Id, null, refusal.Status, refusal.Detail);
        var call = translated.Call!;
        var payload = JsonSerializer.SerializeToElement(call.Payload);
        if (schemas.ValidateRequest(connection.Version, call.Action, payload) is { } invalid)
            return Answer(chargePoint.Id, call.Action, ChargePointCommandStatuses.Error, $"{call.Action} would be invalid: {invalid.Description}");

        try
        {
            var (status, detail, result) = ChargePointCommandCalls.Interpret(await connection.Call(call.Action, payload, cancellationToken));
            return Answer(chargePoint.Id, call.Action, status, detail, result);
        }
        catch (TimeoutException)
        {
            return Answer(chargePoint.Id, call.Action, ChargePointCommandStatuses.Timeout, "the charger did not answer in time");
        }
        catch (WebSocketException exception)
        {
            return Answer(chargePoint.Id, call.Action, ChargePointCommandStatuses.NotConnected, exception.Message);
        }
    }

    private static async Task<ChargePoint?> Find(IDocumentSession session, ChargePointCommandRequested command, CancellationToken cancellationToken)
    {
        if (command.ChargePointId is not null)
            return await session.LoadAsync<ChargePoint>(command.ChargePointId, cancellationToken) is { IsRegistered: true } known ? known : null;
        if (command.LocationId is null || command.EvseUid is null)
            return null;
        var candidates = await session.Query<ChargePoint>()
            .Where(c => c.Connectors.Any(m => m.LocationId == command.LocationId && m.EvseUid == command.EvseUid))
            .ToListAsync(cancellationToken);
        return candidates.FirstOrDefault(c => ChargePointCommandCalls.FindMapping(c, command) is not null);
    }
}
