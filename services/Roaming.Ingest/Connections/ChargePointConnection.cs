using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Recording;

namespace Roaming.Ingest.Connections;

/// <summary>
/// One charger's WebSocket. Inbound CALLs are handled in order; each exchange (inbound frame, derived facts, outbound
/// answer) is recorded durably before the answer is sent, so an acknowledged message is never lost. A bad frame gets
/// its CALLERROR and the connection goes on.
/// </summary>
public sealed class ChargePointConnection
{
    private readonly WebSocket _socket;
    private readonly IChargePointProtocol _protocol;
    private readonly OcppSchemas _schemas;
    private readonly FrameJournal _journal;
    private readonly IClock _clock;
    private readonly IngestLimits _limits;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _outboundCall = new(1, 1);
    // Inbound exchanges and facts of the CSMS's own (sweep) decide over _state one at a time.
    private readonly SemaphoreSlim _stateLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<OcppFrame>> _pendingCalls = new();
    private ChargePoint _state;
    // Facts recorded since this connection last stored the snapshot; a new connection stores it with its first facts.
    private int _factsBehindSnapshot = ChargePointSnapshots.MaxFactsBehind;
    private TokenBucket _callBudget;

    public ChargePointConnection(string chargePointId, WebSocket socket, ChargePoint state, IChargePointProtocol protocol,
        OcppSchemas schemas, FrameJournal journal, IClock clock, IngestLimits limits, ILogger logger)
    {
        ChargePointId = chargePointId;
        _socket = socket;
        _state = state;
        _protocol = protocol;
        _schemas = schemas;
        _journal = journal;
        _clock = clock;
        _limits = limits;
        _logger = logger;
        _callBudget = TokenBucket.Full(limits.CallBurst, clock.GetCurrentInstant());
    }

    public string ChargePointId { get; }
    public Guid ConnectionId { get; } = Guid.CreateVersion7();
    public OcppVersion Version => _protocol.Version;

    /// <summary>
    /// Receive buffer per connection. Most OCPP frames are well under 4 KB and arrive in one read; a larger one is
    /// assembled across reads, so the buffer size limits nothing but memory (it is held for the connection's life).
    /// </summary>
    private const int ReceiveBufferBytes = 4 * 1024;

    public async Task Run(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(_limits.MaxFrameBytes, ReceiveBufferBytes));
        var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (_socket.State == WebSocketState.Open && !cancellationToken.IsCancellationRequested)
            {
                // One idle timer per connection, re-armed per frame; a new one only if it fired while a frame was handled.
                if (!idle.TryReset())
                {
                    idle.Dispose();
                    idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                }
                if (_limits.IdleTimeout > TimeSpan.Zero)
                    idle.CancelAfter(_limits.IdleTimeout);
                var (frame, tooBig) = await ReceiveFrame(buffer, idle.Token, cancellationToken);
                if (tooBig)
                {
                    _logger.LogWarning("{ChargePoint} sent a frame over {Limit} bytes; closing", ChargePointId, _limits.MaxFrameBytes);
                    await _socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"frame over {_limits.MaxFrameBytes} bytes", CancellationToken.None);
                    return;
                }
                if (frame is null)
                    return;
                await HandleInbound(frame, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            _logger.LogInformation("{ChargePoint} disconnected: {Reason}", ChargePointId, exception.Message);
        }
        finally
        {
            idle.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
            foreach (var pending in _pendingCalls.Values)
                pending.TrySetException(new WebSocketException("connection closed"));
        }
    }

    /// <summary>Closes this connection because a newer one for the same charger arrived.</summary>
    public async Task CloseReplaced()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "replaced by a newer connection", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        _socket.Abort();
    }

    /// <summary>
    /// Sends a CSMS-initiated CALL and waits for the charger's CALLRESULT or CALLERROR. One outstanding CALL per
    /// direction: callers queue here; the inbound direction is independent.
    /// </summary>
    public async Task<OcppFrame> Call(string action, object payload, CancellationToken cancellationToken)
    {
        await _outboundCall.WaitAsync(cancellationToken);
        var messageId = Guid.NewGuid().ToString();
        var answer = new TaskCompletionSource<OcppFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingCalls[messageId] = answer;
        try
        {
            var raw = OcppFrameWriter.Call(messageId, action, payload);
            var now = _clock.GetCurrentInstant();
            await _journal.Record(new JournalEntry(ChargePointId, [Frame(FrameDirection.ToChargePoint, messageId, raw, now)], [], now));
            await Send(raw, cancellationToken);
            return await answer.Task.WaitAsync(_limits.CallTimeout, cancellationToken);
        }
        finally
        {
            _pendingCalls.TryRemove(messageId, out _);
            _outboundCall.Release();
        }
    }

    private async Task HandleInbound(string raw, CancellationToken cancellationToken)
    {
        var receivedAt = _clock.GetCurrentInstant();
        var frame = OcppFrameReader.Read(raw, Version);
        switch (frame)
        {
            case Call call:
                (_callBudget, var wait) = _callBudget.Take(receivedAt, _limits.CallsPerSecond, _limits.CallBurst);
                if (wait > Duration.Zero)
                {
                    _logger.LogDebug("{ChargePoint} is over its call rate; answering {Action} in {Wait}", ChargePointId, call.Action, wait);
                    await Task.Delay(wait.ToTimeSpan(), cancellationToken);
                }
                await Answer(call, raw, receivedAt, cancellationToken);
                break;
            case MalformedFrame malformed:
                _logger.LogWarning("{ChargePoint} sent a malformed frame: {Code} {Description}", ChargePointId, malformed.Error.Code, malformed.Error.Description);
                var reply = malformed.ShouldReply ? OcppFrameWriter.CallError(malformed.ReplyMessageId, malformed.Error, Version) : null;
                await RecordAndSend(raw, malformed.MessageId, [], _state, reply, receivedAt, cancellationToken);
                break;
            case CallResult result:
                await _journal.Record(new JournalEntry(ChargePointId, [Frame(FrameDirection.FromChargePoint, result.MessageId, raw, receivedAt)], [], receivedAt));
                CompletePending(result.MessageId, result);
                break;
            case CallError error:
                await _journal.Record(new JournalEntry(ChargePointId, [Frame(FrameDirection.FromChargePoint, error.MessageId, raw, receivedAt)], [], receivedAt));
                CompletePending(error.MessageId, error);
                break;
        }
    }

    /// <summary>
    /// Records facts the CSMS decides about this charger (the stale-transaction sweep) in turn with its inbound frames,
    /// so a stop arriving at the same moment sees the sweep's result (or the sweep sees the stop), never neither.
    /// </summary>
    public async Task<IReadOnlyList<object>> RecordOwnFacts(Func<ChargePoint, IReadOnlyList<object>> decide, string actor, CancellationToken cancellationToken)
    {
        await _stateLock.WaitAsync(cancellationToken);
        try
        {
            var facts = decide(_state);
            if (facts.Count == 0)
                return facts;
            var decided = facts.Aggregate(_state, ChargePoint.Fold);
            await _journal.Record(new JournalEntry(ChargePointId, [], facts, _clock.GetCurrentInstant(), actor, decided));
            _state = decided;
            _factsBehindSnapshot = 0;
            return facts;
        }
        finally
        {
            _stateLock.Release();
        }
    }

    private async Task Answer(Call call, string raw, Instant receivedAt, CancellationToken cancellationToken)
    {
        await _stateLock.WaitAsync(cancellationToken);
        try
        {
            await AnswerInTurn(call, raw, receivedAt, cancellationToken);
        }
        finally
        {
            _stateLock.Release();
        }
    }

    private async Task AnswerInTurn(Call call, string raw, Instant receivedAt, CancellationToken cancellationToken)
    {
        Exchange exchange;
        var invalid = _schemas.ValidateRequest(Version, call.Action, call.Payload);
        if (invalid is not null)
        {
            _logger.LogWarning("{ChargePoint} {Action} rejected: {Code} {Description}", ChargePointId, call.Action, invalid.Code, invalid.Description);
            exchange = Exchange.Fail(invalid);
        }
        else
        {
            try
            {
                exchange = await _protocol.Handle(_state, call, receivedAt, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _logger.LogError(exception, "{ChargePoint} {Action} failed", ChargePointId, call.Action);
                exchange = Exchange.Fail(OcppError.InternalError());
            }
        }

        var reply = exchange.Error is null
            ? ResultOrInternalError(call, exchange.Response!)
            : OcppFrameWriter.CallError(call.MessageId, exchange.Error, Version);
        var decided = exchange.Facts.Count == 0 ? _state : exchange.Facts.Aggregate(_state, ChargePoint.Fold);
        if (await RecordAndSend(raw, call.MessageId, exchange.Facts, decided, reply, receivedAt, cancellationToken))
            _state = decided;
    }

    /// <summary>Our own answer is schema-checked too: sending an invalid CALLRESULT would be our bug, so say InternalError instead.</summary>
    private string ResultOrInternalError(Call call, object response)
    {
        var payload = JsonSerializer.SerializeToElement(response, OcppJson.Options);
        var invalid = _schemas.ValidateResponse(Version, call.Action, payload);
        if (invalid is null)
            return OcppFrameWriter.CallResult(call.MessageId, payload);
        _logger.LogError("Our {Action} response to {ChargePoint} fails the schema: {Description}", call.Action, ChargePointId, invalid.Description);
        return OcppFrameWriter.CallError(call.MessageId, OcppError.InternalError(), Version);
    }

    /// <returns>false when recording failed: the charger then gets InternalError and retries, and the facts are not applied.</returns>
    /// <param name="state">The charger's state after <paramref name="facts"/>, stored with them when <see cref="ChargePointSnapshots.ShouldStore"/> says so.</param>
    private async Task<bool> RecordAndSend(string raw, string? messageId, IReadOnlyList<object> facts, ChargePoint state, string? reply,
        Instant receivedAt, CancellationToken cancellationToken)
    {
        var frames = new List<OcppFrameRecorded> { Frame(FrameDirection.FromChargePoint, messageId, raw, receivedAt) };
        if (reply is not null)
            frames.Add(Frame(FrameDirection.ToChargePoint, messageId, reply, receivedAt));
        var storeState = ChargePointSnapshots.ShouldStore(facts, _factsBehindSnapshot);
        try
        {
            await _journal.Record(new JournalEntry(ChargePointId, frames, facts, receivedAt, State: storeState ? state : null));
            _factsBehindSnapshot = storeState ? 0 : _factsBehindSnapshot + facts.Count;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogError(exception, "Recording a frame of {ChargePoint} failed; answering InternalError", ChargePointId);
            if (messageId is not null)
                await Send(OcppFrameWriter.CallError(messageId, OcppError.InternalError(), Version), cancellationToken);
            return false;
        }
        if (reply is not null)
            await Send(reply, cancellationToken);
        return true;
    }

    private void CompletePending(string messageId, OcppFrame answer)
    {
        if (_pendingCalls.TryGetValue(messageId, out var pending))
            pending.TrySetResult(answer);
        else
            _logger.LogWarning("{ChargePoint} answered unknown message id {MessageId}; discarded", ChargePointId, messageId);
    }

    private OcppFrameRecorded Frame(FrameDirection direction, string? messageId, string raw, Instant at) =>
        new(ChargePointId, ConnectionId, direction, messageId, raw, at);

    private async Task Send(string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <param name="idle">Cancelled after the idle timeout (linked to <paramref name="cancellationToken"/>).</param>
    private async Task<(string? Frame, bool TooBig)> ReceiveFrame(byte[] buffer, CancellationToken idle, CancellationToken cancellationToken)
    {
        // Only a frame longer than the buffer needs assembling; the common single-read frame is decoded straight from it.
        ArrayBufferWriter<byte>? message = null;
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer, idle);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Cancelling a receive aborts the socket: nothing more to say to the charger.
                _logger.LogInformation("{ChargePoint} sent nothing for {IdleTimeout}; dropped", ChargePointId, _limits.IdleTimeout);
                return (null, false);
            }
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                return (null, false);
            }
            if ((message?.WrittenCount ?? 0) + result.Count > _limits.MaxFrameBytes)
                return (null, true);
            if (result.EndOfMessage && message is null)
                return (Encoding.UTF8.GetString(buffer, 0, result.Count), false);
            message ??= new ArrayBufferWriter<byte>(buffer.Length * 2);
            message.Write(buffer.AsSpan(0, result.Count));
            if (result.EndOfMessage)
                return (Encoding.UTF8.GetString(message.WrittenSpan), false);
        }
    }
}
