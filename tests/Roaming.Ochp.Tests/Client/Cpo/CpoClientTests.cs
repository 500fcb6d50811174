using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Contracts.Network.V1;
using Roaming.Ochp.Tests.Soap;
using Roaming.Platform.Hosting;
using Roaming.Platform.Messaging;
using Roaming.Platform.Sealing.Shredding;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Locations;
using Roaming.Testing;
using Roaming.Tokens;
using Shouldly;
using static Roaming.Ochp.Tests.Soap.Parties;

namespace Roaming.Ochp.Tests.Client.Cpo;

/// <summary>
/// Our Roaming as CPO "DE*ABC" (login cpo-a) against a real clearing house: a second Roaming host (clearing + OCHP) on its
/// own port and database, with participants and connections made through its operator API. Only Charging's and Network's
/// messages are handed to our host's bus, as their outboxes would.
/// </summary>
public sealed class CpoClientTests : IAsyncLifetime
{
    private OchpHost _clearingHouse = null!;
    private WebApplication _ours = null!;
    private HttpClient _ourApi = null!;
    private string _ourDatabase = null!;
    private readonly FailureLogs _ourLogs = new();

    public async Task InitializeAsync()
    {
        _clearingHouse = await OchpHost.Start("ochp_cpo_client_chs");
        await Register(_clearingHouse);
        // emsp-a's whitelist is on the clearing house before we start: our first download is the whole list.
        (await _clearingHouse.As("emsp-a", new SetRoamingAuthorisationListRequest
        {
            RoamingAuthorisationInfoArray = [Whitelisted("AA000001"), Whitelisted("AA000002")],
        })).ResultCode.ShouldBe("ok");

        _ourDatabase = await TestServers.FreshDatabase("ochp_cpo_client_ours");
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        IReadOnlyList<IRoamingModule> modules = [new TokensModule(), new OchpModule()];
        // As command-line settings: the modules read them while the builder is created.
        var client = "--Roaming:Ochp:Client:";
        string[] settings =
        [
            $"{client}Endpoint={_clearingHouse.Url}/service/ochp/v1.4", $"{client}Cpo:Username=cpo-a", $"{client}Cpo:Password={Password}",
            $"{client}Cpo:OperatorId={CpoSamples.OurOperator}", $"{client}LocationNameLanguage=DEU",
            .. new[] { "CdrUploadInterval", "ChargePointUploadInterval", "StatusUploadInterval", "AuthorisationListInterval", "RetryFirstDelay" }
                .Select(interval => $"{client}{interval}=00:00:01"),
        ];
        var builder = RoamingApplication.CreateBuilder(settings, modules, options =>
        {
            options.Postgres = _ourDatabase;
            options.AdminKey = OchpHost.AdminKey;
        });
        builder.Logging.AddProvider(_ourLogs);
        builder.WebHost.UseUrls(url);
        _ours = RoamingApplication.Build(builder, modules);
        await _ours.StartAsync();
        _ourApi = new HttpClient { BaseAddress = new Uri(url) };
        _ourApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OchpHost.AdminKey);
    }

    public async Task DisposeAsync()
    {
        _ourApi.Dispose();
        await _ours.StopAsync();
        await _ours.DisposeAsync();
        await TestServers.DropDatabase(_ourDatabase);
        await _clearingHouse.DisposeAsync();
    }

    private static RoamingAuthorisationInfo Whitelisted(string uid) => new()
    {
        EmtId = new EmtId { Instance = uid, TokenType = Protocols.Ochp.TokenType.Rfid },
        ContractId = EmspAContract,
        ExpiryDate = DateTimeType.From(SystemClock.Instance.GetCurrentInstant() + Duration.FromDays(365)),
    };

    [Fact]
    public async Task Cdrs_charge_points_status_and_tokens_travel_through_the_clearing_house()
    {
        // Charge points: the full list, then a delta closing the EVSE that left the location.
        await Publish(LocationChanged(CpoSamples.Location("LOC1", CpoSamples.Evse("EVSE-1", "DE*ABC*E0000001"), CpoSamples.Evse("EVSE-2", "DE*ABC*E0000002"))));
        var listed = await Until(async () =>
        {
            var points = (await _clearingHouse.As("emsp-a", new GetChargePointListRequest())).ShouldBeSchemaValid()
                .As<GetChargePointListResponse>().ChargePointInfoArray;
            return points.Count == 2 ? points : null;
        });
        listed.Select(p => p.EvseId).ShouldBe(["DE*ABC*E0000001", "DE*ABC*E0000002"], ignoreOrder: true);
        listed.ShouldAllBe(p => p.LocationName == "Hauptbahnhof" && p.Status!.Value == ChargePointStatus.Operative);

        await Publish(LocationChanged(CpoSamples.Location("LOC1", CpoSamples.Evse("EVSE-1", "DE*ABC*E0000001"))));
        await Until(async () => (await _clearingHouse.As("emsp-a", new GetChargePointListRequest())).As<GetChargePointListResponse>().ChargePointInfoArray
            .SingleOrDefault(p => p.EvseId == "DE*ABC*E0000002" && p.Status?.Value == ChargePointStatus.Closed));

        // Live status, within seconds, as the e-MSP reads it.
        await Publish(new EvseStatusChanged("DE", "ABC", "LOC1", "EVSE-1", "DE*ABC*E0000001", "CHARGING", Now(), Now()));
        var status = await Until(async () => (await _clearingHouse.As("emsp-a", new GetStatusRequest())).ShouldBeSchemaValid()
            .As<GetStatusResponse>().Evse.SingleOrDefault(s => s.EvseId == "DE*ABC*E0000001" && s.Major == MajorStatus.NotAvailable));
        status.MinorStatus.ShouldBe(MinorStatus.Charging);

        // CDRs: one the clearing house accepts, one it finds implausible (emsp-b's contract: no connection with DE*ABC).
        await Publish(await CdrIssued(CpoSamples.Cdr("CDR0001")));
        await Publish(await CdrIssued(CpoSamples.Cdr("CDR0002", contract: EmspBContract, uid: "BB000001")));
        var accepted = await Until(async () => (await ClearingHouseCdrs()).SingleOrDefault(c => c.GetProperty("cdr_id").GetString() == "DEABCCDR0001"));
        accepted.GetProperty("status").GetString().ShouldBe("accepted");
        accepted.GetProperty("contract_id").GetString().ShouldBe(CpoSamples.Contract);
        accepted.GetProperty("total_cost").GetDecimal().ShouldBe(2.75m);
        var implausible = await Until(async () => (await OurCdrs("implausible")).SingleOrDefault());
        implausible.GetProperty("cdr_id").GetString().ShouldBe("CDR0002");
        implausible.GetProperty("ochp_cdr_id").GetString().ShouldBe("DEABCCDR0002");
        (await Until(async () => (await OurCdrs("accepted")).SingleOrDefault())).GetProperty("cdr_id").GetString().ShouldBe("CDR0001");
        (await ClearingHouseCdrs()).Single(c => c.GetProperty("cdr_id").GetString() == "DEABCCDR0002").GetProperty("status").GetString()
            .ShouldBe("implausible");
        implausible.GetProperty("last_result").GetString().ShouldStartWith("partly");
        (await OurCdrs("queued")).ShouldBeEmpty();

        // Tokens: emsp-a's whitelist reaches our Tokens, so our chargers authorize those drivers.
        var tokens = await Until(async () =>
        {
            var all = await _ourApi.GetFromJsonAsync<JsonElement[]>("/api/tokens");
            var ochp = all!.Where(t => t.GetProperty("party_id").GetString() == "8AA").ToList();
            return ochp.Count == 2 ? ochp : null;
        });
        tokens.Select(t => t.GetProperty("uid").GetString()).ShouldBe(["AA000001", "AA000002"], ignoreOrder: true);
        tokens.ShouldAllBe(t => t.GetProperty("contract_id").GetString() == EmspAContract && t.GetProperty("valid").GetBoolean()
            && t.GetProperty("whitelist").GetString() == "ALLOWED" && t.GetProperty("country_code").GetString() == "DE");

        // A later whitelist change comes as an update.
        (await _clearingHouse.As("emsp-a", new UpdateRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [Whitelisted("AA000003")] }))
            .ResultCode.ShouldBe("ok");
        await Until(async () => (await _ourApi.GetAsync("/api/tokens/AA000003")).IsSuccessStatusCode ? "found" : null);
    }

    [Fact]
    public async Task A_state_that_is_not_one_is_refused()
    {
        var response = await _ourApi.GetAsync("/api/ochp/client/cdrs?state=lost");
        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadAsStringAsync()).ShouldContain("implausible");
    }

    private static Instant Now() => SystemClock.Instance.GetCurrentInstant();

    private Task Publish(object message) =>
        _ours.Services.GetRequiredService<IIntegrationBus>().Publish(message, Guid.NewGuid(), null, CancellationToken.None);

    private static LocationChanged LocationChanged(Location location) => new(location.CountryCode!, location.PartyId!, location.Id!, location.Name,
        location.Address!, location.City!, location.PostalCode, null, location.Country!, location.Coordinates!.Latitude!, location.Coordinates.Longitude!,
        location.TimeZone!, [], location.LastUpdated!.Value, OcpiJson.Serialize(location));

    /// <summary>As Charging publishes it: the contract id encrypted under the holder's key.</summary>
    private async Task<CdrIssued> CdrIssued(Protocols.Ocpi.Cdrs.Cdr cdr)
    {
        var vault = _ours.Services.GetRequiredService<SubjectKeyVault>();
        var contract = cdr.CdrToken!.ContractId!;
        var sealedContract = await vault.Protect(HolderSubject.OfContract(cdr.CdrToken.CountryCode!, cdr.CdrToken.PartyId!, contract), contract, CancellationToken.None);
        var json = OcpiJson.Serialize(cdr with { CdrToken = cdr.CdrToken with { ContractId = sealedContract } });
        json.ShouldNotContain(contract);
        return new CdrIssued(cdr.Id!, cdr.SessionId!, "DE", "ABC", "EUR", cdr.TotalEnergy!.Value, cdr.TotalCost!.ExclVat, cdr.TotalCost.InclVat,
            cdr.StartDateTime!.Value, cdr.EndDateTime!.Value, json);
    }

    private async Task<JsonElement[]> ClearingHouseCdrs() => (await _clearingHouse.Api.GetFromJsonAsync<JsonElement[]>("/api/clearing/cdrs"))!;

    private async Task<JsonElement[]> OurCdrs(string state) => (await _ourApi.GetFromJsonAsync<JsonElement[]>($"/api/ochp/client/cdrs?state={state}"))!;

    /// <summary>Polls until the probe finds something (a timeout fails the test).</summary>
    private async Task<T> Until<T>(Func<Task<T?>> probe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (await probe() is { } found && (found is not JsonElement element || element.ValueKind != JsonValueKind.Undefined))
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the clearing house exchange did not get there within 60 s. Our warnings:\n"
                    + string.Join("\n", _ourLogs.Entries.Where(e => e.Level >= LogLevel.Warning || e.Category.Contains("Client", StringComparison.Ordinal))
                        .Select(e => $"{e.Level} {e.Category}: {e.Message}").TakeLast(40))
                    + "\nClearing house warnings:\n" + string.Join("\n", _clearingHouse.Logs.Entries.Where(e => e.Level >= LogLevel.Warning)
                        .Select(e => $"{e.Level} {e.Category}: {e.Message}").TakeLast(20)));
            await Task.Delay(200);
        }
    }
}

/// <summary>Our host's log with the exceptions, to explain a timeout.</summary>
internal sealed class FailureLogs : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => _entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose() { }

    private sealed class Recorder(FailureLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                logs._entries.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? "" : " " + exception)));
        }
    }
}
