using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>A bare OCPP-J client for the cases the ocpp-rpc driver cannot produce (oversized frames, floods, replaced sockets).</summary>
public sealed class TestCharger : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private int _nextId;

    private TestCharger(ClientWebSocket socket) => _socket = socket;

    public WebSocket Socket => _socket;

    public static async Task<TestCharger> Connect(string webSocketUrl, string chargePointId, string password, string subprotocol = "ocpp1.6")
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(subprotocol);
        socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{chargePointId}:{password}")));
        socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(new Uri($"{webSocketUrl}/{chargePointId}"), CancellationToken.None);
        return new TestCharger(socket);
    }

    /// <summary>The HTTP status of a refused upgrade.</summary>
    public static async Task<HttpStatusCode> Refusal(string webSocketUrl, string chargePointId, string password, string subprotocol = "ocpp1.6")
    {
        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        socket.Options.AddSubProtocol(subprotocol);
        socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{chargePointId}:{password}")));
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(new Uri($"{webSocketUrl}/{chargePointId}"), CancellationToken.None);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
        throw new InvalidOperationException("the upgrade was accepted");
    }

    public async Task<JsonArray> Call(string action, object payload, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextId).ToString();
        await Send(JsonSerializer.Serialize(new object[] { 2, id, action, payload }));
        while (true)
        {
            var text = await Receive(timeout ?? TimeSpan.FromSeconds(15)) ?? throw new WebSocketException("closed: " + _socket.CloseStatus);
            var frame = JsonNode.Parse(text)!.AsArray();
            if (frame[1]!.GetValue<string>() == id)
                return frame;
        }
    }

    public Task Send(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <returns>null when the server closed the connection.</returns>
    public async Task<string?> Receive(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellation.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
                return Encoding.UTF8.GetString(message.ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }
        _socket.Dispose();
    }
}
