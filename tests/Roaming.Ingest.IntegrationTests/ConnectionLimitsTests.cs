using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Shouldly;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>Frame size, call rate, ping and idle timeouts, and a second connection, each set small through Roaming:Ingest:*.</summary>
public sealed class ConnectionLimitsTests : IAsyncLifetime
{
    private IngestHost _host = null!;

    public async Task InitializeAsync() => _host = await IngestHost.Start("ingest_it_limits", new Dictionary<string, string>
    {
        ["Roaming:Ingest:MaxFrameBytes"] = "2048",
        ["Roaming:Ingest:CallsPerSecond"] = "4",
        ["Roaming:Ingest:CallBurst"] = "2",
        ["Roaming:Ingest:PingInterval"] = "00:00:01",
        ["Roaming:Ingest:PingTimeout"] = "00:00:01",
        ["Roaming:Ingest:IdleTimeout"] = "00:00:04",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static object Boot => new { chargePointVendor = "Test", chargePointModel = "Limits" };

    [Fact]
    public async Task GivenMaxFrameSize_WhenALargerFrameArrives_ThenTheConnectionIsClosedWithMessageTooBig()
    {
        await _host.Register("CPBIG");
        await using var charger = await TestCharger.Connect(_host.WebSocketUrl, "CPBIG", IngestHost.Password);
        (await charger.Call("BootNotification", Boot))[0]!.GetValue<int>().ShouldBe(3);

        await charger.Send($"[2,\"big\",\"DataTransfer\",{{\"vendorId\":\"x\",\"data\":\"{new string('x', 4000)}\"}}]");

        (await charger.Receive(TimeSpan.FromSeconds(10))).ShouldBeNull();
        charger.Socket.CloseStatus.ShouldBe(WebSocketCloseStatus.MessageTooBig);
    }

    [Fact]
    public async Task GivenRateLimit_WhenACallBurstExceedsIt_ThenTheExcessIsAnsweredLateButAnswered()
    {
        await _host.Register("CPFAST");
        await using var charger = await TestCharger.Connect(_host.WebSocketUrl, "CPFAST", IngestHost.Password);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 6; i++)
            (await charger.Call("Heartbeat", new { }))[0]!.GetValue<int>().ShouldBe(3);

        // burst 2 at once, then 4 more at 4/s: at least ~1 s
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task GivenPingTimeout_WhenTheClientStopsAnsweringPings_ThenItIsDropped()
    {
        await _host.Register("CPDEAD");
        // A client that completes the upgrade and then never reads again: no pong ever comes back.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", new Uri(_host.Url).Port);
        var stream = tcp.GetStream();
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"CPDEAD:{IngestHost.Password}"));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "GET /ocpp/CPDEAD HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp1.6\r\n" +
            $"Authorization: Basic {credentials}\r\n\r\n"));
        var buffer = new byte[1024];
        var read = await stream.ReadAsync(buffer);
        Encoding.ASCII.GetString(buffer, 0, read).ShouldStartWith("HTTP/1.1 101");
        await IngestHost.Eventually(() => Task.FromResult(_host.Connections.Find("CPDEAD") is not null), TimeSpan.FromSeconds(5), "connected");

        await IngestHost.Eventually(() => Task.FromResult(_host.Connections.Find("CPDEAD") is null), TimeSpan.FromSeconds(10),
            "the silent client dropped after PingInterval + PingTimeout");
    }

    [Fact]
    public async Task GivenIdleTimeout_WhenAClientAnswersPingsButSendsNothing_ThenItIsDropped()
    {
        await _host.Register("CPIDLE");
        await using var charger = await TestCharger.Connect(_host.WebSocketUrl, "CPIDLE", IngestHost.Password);
        await IngestHost.Eventually(() => Task.FromResult(_host.Connections.Find("CPIDLE") is not null), TimeSpan.FromSeconds(5), "connected");

        await IngestHost.Eventually(() => Task.FromResult(_host.Connections.Find("CPIDLE") is null), TimeSpan.FromSeconds(15), "idle client dropped");
        await ClosedByTheServer(charger);
    }

    [Fact]
    public async Task GivenConnectedCharger_WhenItConnectsAgain_ThenTheNewConnectionReplacesTheOld()
    {
        await _host.Register("CPTWICE");
        await using var first = await TestCharger.Connect(_host.WebSocketUrl, "CPTWICE", IngestHost.Password);
        (await first.Call("BootNotification", Boot))[0]!.GetValue<int>().ShouldBe(3);
        var firstConnection = _host.Connections.Find("CPTWICE")!.ConnectionId;

        await using var second = await TestCharger.Connect(_host.WebSocketUrl, "CPTWICE", IngestHost.Password);
        (await second.Call("Heartbeat", new { }))[0]!.GetValue<int>().ShouldBe(3);

        _host.Connections.Find("CPTWICE")!.ConnectionId.ShouldNotBe(firstConnection);
        await ClosedByTheServer(first);
        (await second.Call("Heartbeat", new { }))[0]!.GetValue<int>().ShouldBe(3);
    }

    /// <summary>
    /// The server's close frame (Receive answers null) or the socket torn down (WebSocketException): a positive signal.
    /// A receive timeout is not one, it is also what a connection the server left open looks like, so it fails the test.
    /// </summary>
    private static async Task ClosedByTheServer(TestCharger charger)
    {
        try
        {
            (await charger.Receive(TimeSpan.FromSeconds(15))).ShouldBeNull("the server sent a frame instead of closing");
        }
        catch (WebSocketException)
        {
        }
        catch (OperationCanceledException)
        {
            throw new ShouldAssertException("the connection was still open 15 s later: the server never closed it");
        }
        charger.Socket.State.ShouldBeOneOf(WebSocketState.CloseReceived, WebSocketState.Closed, WebSocketState.Aborted);
    }

    [Fact]
    public async Task GivenNoSupportedSubprotocol_WhenConnecting_ThenRefused()
    {
        await _host.Register("CPOLD");

        (await TestCharger.Refusal(_host.WebSocketUrl, "CPOLD", IngestHost.Password, "ocpp1.5")).ShouldBe(System.Net.HttpStatusCode.BadRequest);
    }
}
