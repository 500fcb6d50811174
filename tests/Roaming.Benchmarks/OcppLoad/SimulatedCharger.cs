using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Roaming.Benchmarks.OcppLoad;

/// <summary>Counters shared by all chargers of one worker process.</summary>
public sealed class LoadCounters
{
    public long CallsSent;
    public long CallResults;
    public long CallErrors;
    public long Timeouts;
    public long ServerCalls;
    public long Connected;
    public long ConnectFailures;
    public long Disconnects;
    public long Skipped;
    public readonly LatencyHistogram Latency = new();
    public readonly LatencyHistogram ConnectLatency = new();
}

/// <summary>
/// One OCPP 1.6J charge point over a WebSocket: at most one CALL of its own outstanding (OCPP-J), CALLs from the CSMS
/// answered with an empty CALLRESULT. Latency is CALL sent to CALLRESULT received; the CSMS answers only after the
/// exchange is committed, so an answered CALL means two durable frames.
/// </summary>
public sealed class SimulatedCharger(string id, LoadCounters counters)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private TaskCompletionSource<JsonElement>? _pending;
    private string? _pendingId;
    private long _nextMessageId;
    private decimal _registerWh = 1_000_000m;
    private Task _receiving = Task.CompletedTask;

    public string Id { get; } = id;
    public int? TransactionId { get; private set; }
    public bool Busy => _pending is not null;
    public bool Open => _socket.State == WebSocketState.Open;

    public async Task Connect(Uri url, string password, HttpMessageInvoker invoker, CancellationToken cancellation)
    {
        _socket.Options.AddSubProtocol("ocpp1.6");
        _socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Id}:{password}")));
        _socket.Options.KeepAliveInterval = TimeSpan.Zero; // the CSMS pings; pongs are automatic
        var started = Stopwatch.GetTimestamp();
        await _socket.ConnectAsync(new Uri(url, url.AbsolutePath.TrimEnd('/') + "/" + Id), invoker, cancellation);
        counters.ConnectLatency.Record(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        Interlocked.Increment(ref counters.Connected);
        _receiving = Task.Run(Receive, CancellationToken.None);
    }

    // --- the charger's vocabulary ---------------------------------------------------------------------------------

    public Task Boot() => Call("BootNotification", """{"chargePointVendor":"Roaming","chargePointModel":"LoadDriver","firmwareVersion":"1.0"}""");

    public Task Heartbeat() => Call("Heartbeat", "{}");

    public Task Status(int connector, string status) =>
        Call("StatusNotification", $$"""{"connectorId":{{connector}},"errorCode":"NoError","status":"{{status}}","timestamp":"{{Now()}}"}""");

    public async Task StartTransaction(string idTag)
    {
        var answer = await Call("StartTransaction", $$"""{"connectorId":1,"idTag":"{{idTag}}","meterStart":{{Wh()}},"timestamp":"{{Now()}}"}""");
        if (answer is { } payload && payload.TryGetProperty("transactionId", out var transaction))
            TransactionId = transaction.GetInt32();
    }

    public Task MeterValues()
    {
        var powerW = 7_400 + Random.Shared.Next(0, 200);
        _registerWh += powerW / 360m;
        var tx = TransactionId is { } t ? $"\"transactionId\":{t}," : "";
        return Call("MeterValues", string.Create(CultureInfo.InvariantCulture,
            $$"""{"connectorId":1,{{tx}}"meterValue":[{"timestamp":"{{Now()}}","sampledValue":[{"value":"{{Wh()}}","context":"Sample.Periodic","measurand":"Energy.Active.Import.Register","unit":"Wh"},{"value":"{{powerW}}","context":"Sample.Periodic","measurand":"Power.Active.Import","unit":"W"},{"value":"{{powerW / 230.0:0.0}}","context":"Sample.Periodic","measurand":"Current.Import","unit":"A"}]}]}"""));
    }

    public async Task StopTransaction()
    {
        if (TransactionId is not { } transaction) return;
        await Call("StopTransaction", $$"""{"transactionId":{{transaction}},"meterStop":{{Wh()}},"timestamp":"{{Now()}}","reason":"EVDisconnected"}""");
        TransactionId = null;
    }

    private string Wh() => ((long)_registerWh).ToString(CultureInfo.InvariantCulture);

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // --- OCPP-J ------------------------------------------------------------------------------------------------------

    /// <summary>Sends a CALL and waits for its CALLRESULT payload (null for a CALLERROR or when the connection is gone).</summary>
    public async Task<JsonElement?> Call(string action, string payloadJson)
    {
        if (_socket.State != WebSocketState.Open) return null;
        var messageId = Interlocked.Increment(ref _nextMessageId).ToString(CultureInfo.InvariantCulture);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingId = messageId;
        _pending = answer;
        var frame = $"[2,\"{messageId}\",\"{action}\",{payloadJson}]";
        var started = Stopwatch.GetTimestamp();
        try
        {
            await Send(frame);
            Interlocked.Increment(ref counters.CallsSent);
            var payload = await answer.Task.WaitAsync(CallTimeout);
            counters.Latency.Record(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            Interlocked.Increment(ref counters.CallResults);
            return payload;
        }
        catch (TimeoutException)
        {
            Interlocked.Increment(ref counters.Timeouts);
            return null;
        }
        catch (CallErrorException)
        {
            Interlocked.Increment(ref counters.CallErrors);
            return null;
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
        finally
        {
            _pending = null;
            _pendingId = null;
        }
    }

    private async Task Send(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task Receive()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(8 * 1024);
        var message = new ArrayBufferWriter<byte>(1024);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                    break;
                message.Write(buffer.AsSpan(0, result.Count));
                if (!result.EndOfMessage)
                    continue;
                await OnFrame(message.WrittenMemory);
                message.ResetWrittenCount();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Increment(ref counters.Disconnects);
            _pending?.TrySetException(new WebSocketException("connection closed"));
        }
    }

    private async Task OnFrame(ReadOnlyMemory<byte> frame)
    {
        using var document = JsonDocument.Parse(frame);
        var root = document.RootElement;
        var type = root[0].GetInt32();
        var messageId = root[1].GetString();
        switch (type)
        {
            case 2: // a CALL from the CSMS (recorded as two frames as well): accept it
                Interlocked.Increment(ref counters.ServerCalls);
                await Send($"[3,\"{messageId}\",{{}}]");
                break;
            case 3 when messageId == _pendingId:
                _pending?.TrySetResult(root[2].Clone());
                break;
            case 4 when messageId == _pendingId:
                _pending?.TrySetException(new CallErrorException(root.GetRawText()));
                break;
        }
    }

    public async Task Close()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            _socket.Abort();
        }
        await _receiving;
        _socket.Dispose();
    }

    private sealed class CallErrorException(string frame) : Exception(frame);
}
