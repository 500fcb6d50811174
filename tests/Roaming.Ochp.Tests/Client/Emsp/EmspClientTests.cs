using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using NodaTime;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Roaming.Charging;
using Roaming.Ochp.Client.Emsp;
using Roaming.Ochp.Client.Emsp.Tokens;
using Roaming.Ochp.Tests.Soap;
using Roaming.Platform.Hosting;
using Roaming.Protocols.Ochp;
using Roaming.Testing;
using Roaming.Tokens;
using Shouldly;
using static Roaming.Ochp.Tests.Soap.Parties;

namespace Roaming.Ochp.Tests.Client.Emsp;

/// <summary>
/// Our Roaming as e-MSP "NL*TNM" (login emsp-b, our party NL*TNM, with Tokens and Charging) against a real clearing
/// house: a second Roaming host (clearing + OCHP) on its own port and database, participants and connections made through
/// its operator API. cpo-b (DE*XYZ), connected with us, publishes a tariff and uploads CDRs over SOAP.
/// </summary>
public sealed class EmspClientTests : IAsyncLifetime
{
    private OchpHost _clearingHouse = null!;
    private WebApplication _ours = null!;
    private HttpClient _ourApi = null!;
    private string _ourDatabase = null!;

    public async Task InitializeAsync()
    {
        _clearingHouse = await OchpHost.Start("ochp_emsp_client_chs");
        await Register(_clearingHouse);
        _ourDatabase = await TestServers.FreshDatabase("ochp_emsp_client_ours");
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        IReadOnlyList<IRoamingModule> modules = [new TokensModule(), new ChargingModule(), new OchpModule()];
        var client = "--Roaming:Ochp:Client:";
        string[] settings =
        [
            $"{client}Endpoint={_clearingHouse.Url}/service/ochp/v1.4", $"{client}Emsp:Username=emsp-b", $"{client}Emsp:Password={Password}",
            $"{client}Emsp:ProviderId=NL*TNM", $"{client}RetryFirstDelay=00:00:01",
            .. new[] { "TokenUploadInterval", "CdrFetchInterval", "CdrConfirmInterval" }.Select(interval => $"{client}Emsp:{interval}=00:00:01"),
        ];
        var builder = RoamingApplication.CreateBuilder(settings, modules, options =>
        {
            options.Postgres = _ourDatabase;
            options.AdminKey = OchpHost.AdminKey;
            options.Party = "NL*TNM";
        });
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

    [Fact]
    public async Task Our_tokens_go_on_the_authorisation_list_and_a_blocked_one_is_revoked()
    {
        await PutToken("04A2B3C4", "RFID", "NL-TNM-C00000001", valid: true);
        await PutToken("APP-USER-1", "APP_USER", "NL-TNM-C00000002", valid: true);

        var listed = await Until(async () => (await _clearingHouse.As("cpo-b", new GetRoamingAuthorisationListRequest()))
            .As<GetRoamingAuthorisationListResponse>().RoamingAuthorisationInfoArray.SingleOrDefault(t => t.EmtId.Instance == "04A2B3C4"));
        listed.ContractId.ShouldBe("NL-TNM-C00000001");
        listed.EmtId.TokenType.ShouldBe(Protocols.Ochp.TokenType.Rfid);
        listed.ExpiryDate.ToInstant().ShouldBeGreaterThan(SystemClock.Instance.GetCurrentInstant() + Duration.FromDays(29));

        var ours = await Until(async () => await Json("/api/ochp/client/tokens") is { } tokens && tokens.AsArray().Count == 2
            && tokens.AsArray().All(t => t!["state"]!.GetValue<string>() != "queued") ? tokens : null);
        var byUid = ours.AsArray().ToDictionary(t => t!["uid"]!.GetValue<string>(), t => t!);
        byUid["04A2B3C4"]["state"]!.GetValue<string>().ShouldBe("accepted");
        byUid["APP-USER-1"]["state"]!.GetValue<string>().ShouldBe("refused");
        byUid["APP-USER-1"]["reason"]!.GetValue<string>().ShouldContain("RFID cards only");

        // Blocked: OCHP has no delete, the token goes again with an expiry in the past.
        await PutToken("04A2B3C4", "RFID", "NL-TNM-C00000001", valid: false);
        var revoked = await Until(async () => (await _clearingHouse.As("cpo-b", new GetRoamingAuthorisationListRequest()))
            .As<GetRoamingAuthorisationListResponse>().RoamingAuthorisationInfoArray
            .SingleOrDefault(t => t.EmtId.Instance == "04A2B3C4" && t.ExpiryDate.ToInstant() < SystemClock.Instance.GetCurrentInstant()));
        revoked.ContractId.ShouldBe("NL-TNM-C00000001");
    }

    [Fact]
    public async Task Received_cdrs_are_repriced_and_approved_or_declined_at_the_clearing_house_with_the_reason_kept_here()
    {
        (await _clearingHouse.As("cpo-b", new UpdateTariffsRequest { TariffInfoArray = [Tariff("DE*XYZ*T1")] })).ShouldBeSchemaValid().ResultCode.ShouldBe("ok");
        var upload = await _clearingHouse.As("cpo-b", new AddCdrsRequest
        {
            CdrInfoArray =
            [
                Cdr("DEXYZ0001", energyPrice: 0.30m, tariffId: "DE*XYZ*T1"),
                Cdr("DEXYZ0002", energyPrice: 0.40m, tariffId: "DE*XYZ*T1"),
                Cdr("DEXYZ0003", energyPrice: 0.30m, tariffId: "DE*XYZ*T9"),
            ],
        });
        upload.ShouldBeSchemaValid().ResultCode.ShouldBe("ok", upload.Envelope);

        var received = await Until(async () => await Json("/api/ochp/client/received-cdrs") is { } cdrs && cdrs.AsArray().Count == 3
            && cdrs.AsArray().All(c => c!["state"]!.GetValue<string>() == "confirmed") ? cdrs : null);
        var byId = received.AsArray().ToDictionary(c => c!["cdr_id"]!.GetValue<string>(), c => c!);
        (byId["DEXYZ0001"]["decision"]!.GetValue<string>(), byId["DEXYZ0001"]["outcome"]!.GetValue<string>()).ShouldBe(("approved", "verified"));
        (byId["DEXYZ0002"]["decision"]!.GetValue<string>(), byId["DEXYZ0002"]["outcome"]!.GetValue<string>()).ShouldBe(("declined", "discrepancy"));
        byId["DEXYZ0002"]["reason"]!.GetValue<string>().ShouldBe("differs from our re-pricing: total_cost.excl_vat 3.50 (ours 2.75)");
        (byId["DEXYZ0003"]["decision"]!.GetValue<string>(), byId["DEXYZ0003"]["outcome"]!.GetValue<string>()).ShouldBe(("declined", "not_reconciled"));
        byId["DEXYZ0003"]["reason"]!.GetValue<string>().ShouldBe("tariff DE*XYZ*T9 named by the CDR was not received from the clearing house");

        // The clearing house has our answers.
        var cleared = await _clearingHouse.Api.GetFromJsonAsync<JsonArray>("/api/clearing/cdrs?participant=emsp-b");
        cleared!.Select(c => (c!["cdr_id"]!.GetValue<string>(), c["status"]!.GetValue<string>())).OrderBy(c => c.Item1)
            .ShouldBe([("DEXYZ0001", "approved"), ("DEXYZ0002", "declined"), ("DEXYZ0003", "declined")]);

        // The CPO revises the overcharged CDR: a new round, re-priced, approved this time.
        var revised = Cdr("DEXYZ0002", energyPrice: 0.30m, tariffId: "DE*XYZ*T1");
        revised.Status = CdrStatusType.Of(CdrStatus.Revised);
        (await _clearingHouse.As("cpo-b", new AddCdrsRequest { CdrInfoArray = [revised] })).ResultCode.ShouldBe("ok");
        var second = await Until(async () => (await Json("/api/ochp/client/received-cdrs"))!.AsArray()
            .SingleOrDefault(c => c!["cdr_id"]!.GetValue<string>() == "DEXYZ0002" && c["round"]!.GetValue<int>() == 2 && c["state"]!.GetValue<string>() == "confirmed"));
        second!["decision"]!.GetValue<string>().ShouldBe("approved");
        await Until(async () => (await _clearingHouse.Api.GetFromJsonAsync<JsonArray>("/api/clearing/cdrs?participant=emsp-b"))!
            .SingleOrDefault(c => c!["cdr_id"]!.GetValue<string>() == "DEXYZ0002" && c["status"]!.GetValue<string>() == "approved"));
    }

    [Fact]
    public async Task A_clearing_house_that_refuses_our_login_gets_everything_once_it_takes_it()
    {
        // Our login is wrong at first: the participant's password differs; nothing is lost meanwhile.
        (await _clearingHouse.Api.PutAsJsonAsync("/api/clearing/participants/emsp-b", new
        {
            name = "emsp-b", provider_ids = new[] { "NL*TNM" }, ochp = new { username = "emsp-b", password = "another-password-123" },
        })).IsSuccessStatusCode.ShouldBeTrue();
        // The clearing house's OCHP service learns the new password from Clearing's message: wait until it refuses the
        // old one, or the first upload could still get through.
        await Until(async () => (await _clearingHouse.As("emsp-b", new GetCdrsRequest())).ResultCode == "not-authorized" ? "refused" : null);
        await PutToken("0AFE0001", "RFID", "NL-TNM-C00000009", valid: true);
        // Positive signal that the upload was tried and refused: the back-off state counts the failure, the token waits.
        var failed = await Until(async () =>
        {
            await using var session = _ours.Services.GetRequiredService<IOchpStore>().QuerySession();
            return await session.LoadAsync<ClientSyncState>(OwnTokenUploadJob.SyncId) is { Failures: > 0 } state ? state : null;
        });
        failed.LastProblem!.ShouldContain("not-authorized");
        (await Json("/api/ochp/client/tokens"))!.AsArray().Single()!["state"]!.GetValue<string>().ShouldBe("queued");

        await _clearingHouse.Participant("emsp-b", [], ["NL*TNM"], "emsp-b", Password);
        var listed = await Until(async () => (await _clearingHouse.As("cpo-b", new GetRoamingAuthorisationListRequest()))
            .As<GetRoamingAuthorisationListResponse>().RoamingAuthorisationInfoArray.SingleOrDefault(t => t.EmtId.Instance == "0AFE0001"));
        listed.ContractId.ShouldBe("NL-TNM-C00000009");
    }

    private async Task PutToken(string uid, string type, string contract, bool valid)
    {
        var json = $$"""
            {"country_code":"NL","party_id":"TNM","uid":"{{uid}}","type":"{{type}}","contract_id":"{{contract}}","issuer":"Roaming",
             "valid":{{(valid ? "true" : "false")}},"whitelist":"ALLOWED","last_updated":"{{SystemClock.Instance.GetCurrentInstant()}}"}
            """;
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await _ourApi.PutAsync($"/api/tokens/{uid}", content);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode?> Json(string path) => JsonNode.Parse(await _ourApi.GetStringAsync(path));

    private static async Task<T> Until<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await probe() is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the e-MSP client did not get there within 60 s");
            await Task.Delay(200);
        }
    }

    /// <summary>0.50 per session (serviceFee) and 0.30 per kWh, for every e-MSP.</summary>
    private static TariffInfo Tariff(string id) => new()
    {
        TariffId = id,
        IndividualTariff =
        [
            new IndividualTariffType
            {
                Currency = "EUR",
                TariffElement =
                [
                    new TariffElementType
                    {
                        PriceComponent = new PriceComponentType { BillingItem = BillingItemType.Of(BillingItem.ServiceFee), ItemPrice = 0.50m, StepSize = 1m },
                        TariffRestriction = new TariffRestrictionType(),
                    },
                    new TariffElementType
                    {
                        PriceComponent = new PriceComponentType { BillingItem = BillingItemType.Of(BillingItem.Energy), ItemPrice = 0.30m, StepSize = 0.001m },
                        TariffRestriction = new TariffRestrictionType(),
                    },
                ],
            },
        ],
    };

    /// <summary>7.5 kWh in 30 minutes on 20 Nov 2026 in Amsterdam, charged at <paramref name="energyPrice"/> per kWh plus 0.50.</summary>
    private static CdrInfo Cdr(string cdrId, decimal energyPrice, string tariffId)
    {
        var start = LocalDateTimeType.From(new LocalDateTime(2026, 11, 20, 11, 0).WithOffset(Offset.FromHours(1)));
        var end = LocalDateTimeType.From(new LocalDateTime(2026, 11, 20, 11, 30).WithOffset(Offset.FromHours(1)));
        var energyCost = 7.5m * energyPrice;
        return new CdrInfo
        {
            CdrId = cdrId, EvseId = "DE*XYZ*E0001", EmtId = new EmtId { Instance = "04A2B3C4", TokenType = Protocols.Ochp.TokenType.Rfid },
            ContractId = "NL-TNM-C00000001", Status = CdrStatusType.Of(CdrStatus.New), StartDateTime = start, EndDateTime = end, Duration = "000:30:00",
            ChargePointAddress = new AddressType { Address = "Stationsplein 1", City = "Amsterdam", ZipCode = "1012AB", Country = "NLD" },
            ChargePointType = ChargePointType.AC,
            ConnectorType = new ConnectorType
            {
                ConnectorStandard = ConnectorStandardType.Of(ConnectorStandard.IEC_62196_T2), ConnectorFormat = ConnectorFormatType.Of(ConnectorFormat.Socket),
                TariffId = tariffId,
            },
            ChargingPeriods =
            [
                new CdrPeriodType
                {
                    StartDateTime = start, EndDateTime = end, BillingItem = BillingItemType.Of(BillingItem.Energy), BillingValue = 7.5m, ItemPrice = energyPrice,
                    PeriodCost = energyCost,
                },
                new CdrPeriodType
                {
                    StartDateTime = start, EndDateTime = end, BillingItem = BillingItemType.Of(BillingItem.ServiceFee), BillingValue = 1m, ItemPrice = 0.50m,
                    PeriodCost = 0.50m,
                },
            ],
            TotalCost = energyCost + 0.50m,
            Currency = "EUR",
        };
    }
}
