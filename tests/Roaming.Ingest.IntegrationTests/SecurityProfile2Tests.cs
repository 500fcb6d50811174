using Roaming.Ingest.Transactions;
using Shouldly;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>Security profile 2: TLS on a configured certificate (Kestrel endpoint from configuration) with Basic auth inside.</summary>
public sealed class SecurityProfile2Tests : IAsyncLifetime
{
    private readonly string _certificate = CertificateFiles.SelfSignedPfx();
    private IngestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await IngestHost.Start("ingest_it_tls", new Dictionary<string, string> { ["Roaming:Ingest:RequireTls"] = "true" }, _certificate);
        await _host.KnowToken("TOKEN123");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        File.Delete(_certificate);
    }

    [Fact]
    public async Task GivenTlsEndpoint_WhenTheDriverRunsASessionOverWss_ThenRecorded()
    {
        _host.WebSocketUrl.ShouldStartWith("wss://");
        await _host.Register("CPTLS");

        var run = await Driver.Drive(_host, "CPTLS", "--protocol", "ocpp2.0.1", "--idtag", "TOKEN123");

        run.ExitCode.ShouldBe(0, run.Output);
        (await _host.Facts("CPTLS")).OfType<TransactionStopped>().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task GivenTlsEndpoint_WhenTheBasicPasswordIsWrong_Then401()
    {
        await _host.Register("CPTLS2");

        (await TestCharger.Refusal(_host.WebSocketUrl, "CPTLS2", "wrong-password-wrong-password")).ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        await using var charger = await TestCharger.Connect(_host.WebSocketUrl, "CPTLS2", IngestHost.Password);
        (await charger.Call("Heartbeat", new { }))[0]!.GetValue<int>().ShouldBe(3);
    }

    [Fact]
    public async Task GivenTlsRequired_WhenAChargerConnectsWithoutTls_ThenRefused()
    {
        await _host.Register("CPPLAIN");

        (await TestCharger.Refusal(_host.PlainWebSocketUrl!, "CPPLAIN", IngestHost.Password)).ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }
}
