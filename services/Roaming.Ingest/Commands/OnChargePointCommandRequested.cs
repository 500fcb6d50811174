using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Marten.Exceptions;
using Roaming.Platform.Hosting;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Connections;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Reservations;
using NodaTime.Text;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Ingest.Commands;

/// <summary>
/// This process among the ingest nodes (<c>Roaming:Ingest:NodeId</c>, random by default): commands fan out to every
/// node and the one holding the connection acts.
/// </summary>
public sealed record IngestNode(string Id)
{
    public static IngestNode From(string? configured) => new(string.IsNullOrWhiteSpace(configured) ? Guid.NewGuid().ToString("N")[..12] : configured);

    /// <summary>In-process transport: this process is the only ingest node, so it holds every connection there is.</summary>
    public static bool IsOnlyNode(RoamingOptions roaming) => roaming.Transport == TransportKind.InMemory;
}

/// <summary>
/// Takes a command for a charger: finds the charger (by ChargePointId or, for OCPI, by location and EVSE in the
/// registrations) and its live connection, and hands the version's CALL to the <see cref="CommandCourier"/>. It does not
/// wait for the charger: in the embedded default this consumer runs inside the publisher's outbox, which must not stall
/// for a slow charger. A command that cannot be sent is answered at once.
/// Several nodes (RabbitMQ): every node gets every command on a queue of its own (see IngestModule) and only the node
/// holding the charger's connection sends it. A node without the connection answers NotConnected only after
/// <see cref="IngestLimits.CommandNotConnectedGrace"/> and only if nobody answered (the answer stream is created once).
/// </summary>
public sealed class OnChargePointCommandRequested(IIngestStore store, ConnectionRegistry registry, OcppSchemas schemas, CommandCourier courier,
    IClock clock, IOptions<RoamingOptions> roaming, IngestNode node) : IConsumer<ChargePointCommandRequested>
{
    private bool OneNode => IngestNode.IsOnlyNode(roaming.Value);

    public async Task Consume(ConsumeContext<ChargePointCommandRequested> context)
    {
        var command = context.Message;
        var cancellationToken = context.CancellationToken;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession();
        session.Stamp(EventContext.Message("ingest", context.MessageId, context.CorrelationId?.ToString(), now));
        // per node: every node handles its own copy of the message
        if (!await session.TryMarkHandled($"{nameof(OnChargePointCommandRequested)}@{node.Id}", context.MessageId, now, cancellationToken))
            return;

        ChargePointCommandAnswered Unsent(string? chargePointId, string status, string detail) =>
            new(command.CommandId, command.Kind, chargePointId, null, status, detail, null, now);

        var (reservation, reservationProblem) = await ReservationFor(session, command, cancellationToken);
        var chargePoint = reservationProblem is null ? await Find(session, command, reservation, cancellationToken) : null;
        ChargePointConnection? connection = null;
        CommandCall? call = null;
        ChargePointCommandAnswered? answered = null;
        if (reservationProblem is not null)
            answered = Unsent(command.ChargePointId, reservationProblem.Status, reservationProblem.Detail);
        else if (chargePoint is null)
            answered = Unsent(command.ChargePointId, ChargePointCommandStatuses.NotConnected,
                command.ChargePointId is null ? $"no charger registered for {command.LocationId}/{command.EvseUid}" : $"{command.ChargePointId} is not registered");
        else if ((connection = registry.Find(chargePoint.Id)) is null)
            answered = Unsent(chargePoint.Id, ChargePointCommandStatuses.NotConnected, $"{chargePoint.Id} is not connected to this node");
        else
        {
            if (reservation is not null && command.Kind == ChargePointCommandKinds.ReserveNow)
            {
                // the id is assigned (HiLo) and committed with the inbox row, before the CALL: stable for the reservation's life
                reservation.ChargePointId = chargePoint.Id;
                session.Store(reservation);
            }
            var translated = ChargePointCommandCalls.Translate(connection.Version, chargePoint, command, reservation);
            call = translated.Call;
            if (translated.Refusal is { } refusal)
                answered = Unsent(chargePoint.Id, refusal.Status, refusal.Detail);
            else if (schemas.ValidateRequest(connection.Version, call!.Action, JsonSerializer.SerializeToElement(call.Payload)) is { } invalid)
                answered = Unsent(chargePoint.Id, ChargePointCommandStatuses.Error, $"{call.Action} would be invalid: {invalid.Description}");
            if (answered is not null && reservation is not null && command.Kind == ChargePointCommandKinds.ReserveNow)
                session.Eject(reservation); // nothing goes to the charger: no reservation to keep
        }

        if (answered is not null && !OneNode && chargePoint is not null && connection is null)
        {
            // Another node may hold the connection: let it answer; say NotConnected later if nobody did.
            await session.SaveChangesAsync(cancellationToken);
            courier.AnswerUnlessAnswered(answered, context.CorrelationId?.ToString());
            return;
        }
        if (answered is not null)
            session.Events.StartStream(ChargePointCommandAnswered.StreamFor(command.CommandId), answered);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ExistingStreamIdCollisionException) when (answered is not null)
        {
            // another node answered this command already (an unregistered charger is answered by every node)
            return;
        }
        // At most once: handed over only after the inbox row committed, so a redelivery never sends the CALL again
        // (a remote start repeated minutes later, after a crash, would be worse than none).
        if (answered is null)
            courier.Carry(command, connection!, call!, context.CorrelationId?.ToString(), reservation);
    }

    /// <summary>
    /// ReserveNow: the reservation under the requester's key (the same id again when the key is known: a repeated
    /// RESERVE_NOW replaces the reservation), with the new expiry and token. CancelReservation: the known reservation, or
    /// UnknownReservation. Other kinds: none.
    /// </summary>
    private static async Task<(OcppReservation?, CommandRefusal?)> ReservationFor(IDocumentSession session, ChargePointCommandRequested command,
        CancellationToken cancellationToken)
    {
        if (command.Kind is not (ChargePointCommandKinds.ReserveNow or ChargePointCommandKinds.CancelReservation))
            return (null, null);
        if (!command.Parameters.TryGetValue(ChargePointCommandParameters.ReservationKey, out var key) || key.Length == 0)
            return (null, new CommandRefusal(ChargePointCommandStatuses.Error, $"{command.Kind} needs the parameter {ChargePointCommandParameters.ReservationKey}"));
        var known = await session.Query<OcppReservation>().Where(r => r.Key == key).FirstOrDefaultAsync(cancellationToken);
        if (command.Kind == ChargePointCommandKinds.CancelReservation)
            return known is null ? (null, new CommandRefusal(ChargePointCommandStatuses.UnknownReservation, $"no reservation {key}")) : (known, null);
        if (string.IsNullOrEmpty(command.IdTag))
            return (null, new CommandRefusal(ChargePointCommandStatuses.Error, "ReserveNow needs an IdTag"));
        if (!command.Parameters.TryGetValue(ChargePointCommandParameters.ExpiryDate, out var expiry)
            || InstantPattern.ExtendedIso.Parse(expiry) is not { Success: true } parsed)
            return (null, new CommandRefusal(ChargePointCommandStatuses.Error, $"ReserveNow needs the parameter {ChargePointCommandParameters.ExpiryDate} as an ISO 8601 instant"));
        var reservation = known ?? new OcppReservation { Key = key };
        reservation.IdTag = command.IdTag;
        reservation.ExpiresAt = parsed.Value;
        reservation.AuthorizationReference = command.Parameters.GetValueOrDefault(ChargePointCommandParameters.AuthorizationReference);
        return (reservation, null);
    }

    private static async Task<ChargePoint?> Find(IDocumentSession session, ChargePointCommandRequested command, OcppReservation? reservation,
        CancellationToken cancellationToken)
    {
        if (command.Kind == ChargePointCommandKinds.CancelReservation && reservation is not null)
            return await ChargePointDocuments.Load(session, reservation.ChargePointId, cancellationToken);
        if (command.Kind == ChargePointCommandKinds.ReserveNow && command.EvseUid is null && command.LocationId is not null)
        {
            // RESERVE_NOW for any EVSE of a location: only when one charger serves it (a reservation cannot span chargers)
            var atLocation = await ChargePointDocuments.AtLocation(session, command.LocationId, null, cancellationToken);
            return atLocation.Count == 1 ? atLocation[0] : null;
        }
        if (command.ChargePointId is not null)
            return await ChargePointDocuments.Load(session, command.ChargePointId, cancellationToken);
        if (command.LocationId is null || command.EvseUid is null)
            return null;
        var candidates = await ChargePointDocuments.AtLocation(session, command.LocationId, command.EvseUid, cancellationToken);
        return candidates.FirstOrDefault(c => ChargePointCommandCalls.FindMapping(c, command) is not null);
    }
}

/// <summary>
/// Sends command CALLs over their connections (one outstanding CALL per connection, waiting up to CallTimeout) and
/// records each outcome as <see cref="ChargePointCommandAnswered"/>, which the outbox publishes as ChargePointCommandCompleted.
/// Limit: a command in flight when the process stops is never answered (the requester's own timeout covers it).
/// </summary>
public sealed class CommandCourier(IIngestStore store, IClock clock, IOptions<IngestLimits> limits, ILogger<CommandCourier> logger) : IHostedService
{
    private readonly ConcurrentDictionary<Guid, Task> _inFlight = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _deferredAnswersSettled;

    /// <summary>
    /// How many deferred NotConnected answers (<see cref="AnswerUnlessAnswered"/>) this node has settled since it started:
    /// recorded, or dropped because the node holding the connection answered first. A diagnostic counter: once it moved
    /// past a command, this node will never answer that command again.
    /// </summary>
    public long DeferredAnswersSettled => Interlocked.Read(ref _deferredAnswersSettled);

    public void Carry(ChargePointCommandRequested command, ChargePointConnection connection, CommandCall call, string? correlationId,
        OcppReservation? reservation = null)
    {
        var delivery = Deliver(command, connection, call, correlationId, reservation);
        _inFlight[command.CommandId] = delivery;
        delivery.ContinueWith(_ => _inFlight.TryRemove(command.CommandId, out Task? _), TaskScheduler.Default);
    }

    private async Task Deliver(ChargePointCommandRequested command, ChargePointConnection connection, CommandCall call, string? correlationId,
        OcppReservation? reservation)
    {
        await Task.Yield();
        string status;
        string? detail = null, result = null;
        try
        {
            // Recorded before the CALL goes out, so the charger's StartTransaction that follows at once finds the e-MSP's vouching command.
            var authorizationReference = command.Parameters.GetValueOrDefault(ChargePointCommandParameters.AuthorizationReference);
            object? vouching = command.Kind switch
            {
                ChargePointCommandKinds.StartTransaction => new RemoteStartRequested(connection.ChargePointId, command.CommandId, command.IdTag!,
                    clock.GetCurrentInstant(), authorizationReference),
                ChargePointCommandKinds.ReserveNow when reservation is not null => new ReservationRequested(connection.ChargePointId, reservation.Id,
                    reservation.Key, reservation.IdTag, reservation.ExpiresAt, reservation.AuthorizationReference, command.CommandId, clock.GetCurrentInstant()),
                _ => null,
            };
            if (vouching is not null)
                await connection.RecordOwnFacts(_ => [vouching], "system:ingest-commands", _stopping.Token);
            (status, detail, result) = ChargePointCommandCalls.Interpret(
                await connection.Call(call.Action, JsonSerializer.SerializeToElement(call.Payload), _stopping.Token));
            // A reservation the charger refused, or cancelled on request, no longer vouches for its token.
            var ended = (command.Kind, status) switch
            {
                (ChargePointCommandKinds.CancelReservation, ChargePointCommandStatuses.Accepted) => "Cancelled",
                (ChargePointCommandKinds.ReserveNow, not ChargePointCommandStatuses.Accepted) => $"Refused: {detail ?? status}",
                _ => null,
            };
            if (reservation is not null && ended is not null)
                await connection.RecordOwnFacts(_ => [new ReservationEnded(connection.ChargePointId, reservation.Id, ended, clock.GetCurrentInstant())],
                    "system:ingest-commands", _stopping.Token);
        }
        catch (TimeoutException)
        {
            (status, detail) = (ChargePointCommandStatuses.Timeout, "the charger did not answer in time");
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            (status, detail) = (ChargePointCommandStatuses.NotConnected, exception.Message);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Command {CommandId} to {ChargePoint} failed", command.CommandId, connection.ChargePointId);
            (status, detail) = (ChargePointCommandStatuses.Error, exception.Message);
        }

        var answered = new ChargePointCommandAnswered(command.CommandId, command.Kind, connection.ChargePointId, call.Action, status, detail, result,
            clock.GetCurrentInstant());
        logger.LogInformation("Command {Kind} {CommandId} to {ChargePoint}: {Status} {Detail}", command.Kind, command.CommandId,
            connection.ChargePointId, status, detail);
        await Record(answered, correlationId);
    }

    /// <summary>Several nodes: answers NotConnected after the grace period unless the node holding the connection answered.</summary>
    public void AnswerUnlessAnswered(ChargePointCommandAnswered notConnected, string? correlationId)
    {
        var later = Later();
        _inFlight[notConnected.CommandId] = later;
        later.ContinueWith(_ => _inFlight.TryRemove(notConnected.CommandId, out Task? _), TaskScheduler.Default);

        async Task Later()
        {
            try
            {
                // never before the holding node could have had its answer (a misconfigured grace would race it)
                var grace = TimeSpan.FromTicks(Math.Max(limits.Value.CommandNotConnectedGrace.Ticks, (limits.Value.CallTimeout + TimeSpan.FromSeconds(2)).Ticks));
                await Task.Delay(grace, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await using (var query = store.QuerySession())
                    if (await query.Events.FetchStreamStateAsync(ChargePointCommandAnswered.StreamFor(notConnected.CommandId)) is not null)
                        return;
                await Record(notConnected with { AnsweredAt = clock.GetCurrentInstant() }, correlationId);
            }
            finally
            {
                Interlocked.Increment(ref _deferredAnswersSettled);
            }
        }
    }

    private async Task Record(ChargePointCommandAnswered answered, string? correlationId)
    {
        try
        {
            await using var session = store.LightweightSession();
            session.Stamp(new EventContext("system:ingest-commands", answered.AnsweredAt, correlationId));
            // StartStream: the first answer wins; a second (another node's NotConnected) is refused by the database.
            session.Events.StartStream(ChargePointCommandAnswered.StreamFor(answered.CommandId), answered);
            await session.SaveChangesAsync(CancellationToken.None);
        }
        catch (ExistingStreamIdCollisionException)
        {
            logger.LogInformation("Command {CommandId} was answered already", answered.CommandId);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Could not record the answer to command {CommandId}", answered.CommandId);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Gives calls in flight until the host's shutdown timeout to finish, then cancels them (answered NotConnected).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_inFlight.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync();
        }
    }
}
