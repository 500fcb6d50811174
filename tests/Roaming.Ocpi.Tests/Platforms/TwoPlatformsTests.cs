using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Pushing;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Sealing.Shredding;
using Shouldly;

using Roaming.Testing;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Tests.Platforms;

/// <summary>
/// A CPO platform (NL*CPO) and an eMSP platform (NL*MSP), each with its own database, register over real HTTP and
/// exchange objects: the handshake both ways, token lifecycle, isolation, CDR once, pagination, authorize, pushes.
/// </summary>
public class TwoPlatformsTests : IAsyncLifetime
{
    private OcpiPlatform _cpo = null!;
    private OcpiPlatform _emsp = null!;
    private string _emspPartnerIdOfCpo = "";
    private string _tokenA = "";

    public async Task InitializeAsync()
    {
        _cpo = await OcpiPlatform.Start("roaming_ocpi_two_cpo", "NL*CPO");
        _emsp = await OcpiPlatform.Start("roaming_ocpi_two_msp", "NL*MSP");
        var created = await (await _emsp.Api.PostAsJsonAsync("/api/partners", new { name = "The CPO" })).Content.ReadFromJsonAsync<JsonObject>();
        _emspPartnerIdOfCpo = created!["id"]!.GetValue<string>();
        _tokenA = created["token_a"]!.GetValue<string>();
        var registered = await _cpo.Api.PostAsJsonAsync("/api/partners/register",
            new { versions_url = created["versions_url"]!.GetValue<string>(), token_a = _tokenA, name = "The eMSP" });
        var text = await registered.Content.ReadAsStringAsync();
        registered.StatusCode.ShouldBe(HttpStatusCode.OK, text);
    }

    public async Task DisposeAsync()
    {
        await _cpo.DisposeAsync();
        await _emsp.DisposeAsync();
    }

    [Fact]
    public async Task both_sides_know_each_other_and_token_a_is_dead()
    {
        var onCpo = await _cpo.OnlyPartner();
        onCpo.Status.ShouldBe(PartnerStatus.Registered);
        onCpo.SpeaksFor("NL", "MSP").ShouldBeTrue();
        onCpo.EndpointUrl("cdrs", InterfaceRoles.Receiver).ShouldNotBeNull();

        var onEmsp = await _emsp.OnlyPartner();
        onEmsp.Status.ShouldBe(PartnerStatus.Registered);
        onEmsp.SpeaksFor("nl", "cpo").ShouldBeTrue();
        onEmsp.AcceptedTokenHash.ShouldNotBe(Roaming.Ocpi.Transport.TokenHash.Of(_tokenA));

        (await _emsp.Ocpi(_tokenA).GetAsync("/ocpi/versions")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await using var events = _emsp.Store.QuerySession();
        var stream = await events.Events.FetchStreamAsync(_emspPartnerIdOfCpo);
        stream.Select(e => e.EventTypeName).ShouldBe(["partner_created", "partner_registered"]);
    }

    [Fact]
    public async Task partner_tokens_are_kept_encrypted_and_calls_still_authenticate()
    {
        var cpoPresents = await _cpo.OnlyPartnerToken();
        var emspPresents = await _emsp.OnlyPartnerToken();
        foreach (var platform in new[] { _cpo, _emsp })
        {
            foreach (var token in new[] { cpoPresents, emspPresents, _tokenA })
                (await platform.TablesContaining(token)).ShouldBeEmpty($"plain token found in {platform.Url}'s database");
        }
        // The tables did hold what they should: the sealed token is in the partner's events and document.
        var sealedToken = (await _cpo.OnlyPartner()).TheirToken!;
        (await _cpo.TablesContaining(sealedToken.Ciphertext)).Count.ShouldBeGreaterThanOrEqualTo(2);

        // The CPO opens its sealed token to call the eMSP: a pull authenticates and reads every module.
        var pulled = await _cpo.Api.PostAsync($"/api/partners/{(await _cpo.OnlyPartner()).Id}/pull", null);
        pulled.StatusCode.ShouldBe(HttpStatusCode.OK);
        var modules = (await pulled.Content.ReadFromJsonAsync<JsonArray>())!;
        modules.Count.ShouldBeGreaterThan(0);
        modules.Select(m => m!["problem"]?.GetValue<string>()).ShouldAllBe(problem => problem == null, modules.ToJsonString());
    }

    [Fact]
    public async Task after_a_key_rotation_every_partner_token_is_sealed_again_under_the_new_key()
    {
        var partner = await _cpo.OnlyPartner();
        var token = await _cpo.OnlyPartnerToken();
        // The platforms run with the embedded default: the key generated into the working directory.
        var oldKey = Convert.FromBase64String(File.ReadAllText(Path.GetFullPath(OcpiOptions.DevelopmentTokenKeyPath)).Trim());
        var rotated = new TokenVault(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), [oldKey]);
        rotated.CurrentKeyId.ShouldNotBe(partner.TheirToken!.KeyId);

        var resealing = new TokenResealing(_cpo.Store, rotated, SystemClock.Instance, Microsoft.Extensions.Logging.Abstractions.NullLogger<TokenResealing>.Instance);
        (await resealing.ResealAll(CancellationToken.None)).ShouldBe(1);
        (await resealing.ResealAll(CancellationToken.None)).ShouldBe(0, "already under the current key");

        var resealed = (await _cpo.OnlyPartner()).TheirToken!;
        resealed.KeyId.ShouldBe(rotated.CurrentKeyId);
        rotated.Open(resealed).ShouldBe(token);
        (await _cpo.TablesContaining(token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task bad_tokens_get_401_in_the_envelope_and_request_ids_are_echoed()
    {
        var anonymous = new HttpClient { BaseAddress = new Uri(_emsp.Url) };
        var response = await anonymous.GetAsync("/ocpi/versions");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["status_code"]!.GetValue<int>().ShouldBe(2000);

        var cpoToken = await _cpo.OnlyPartnerToken();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ocpi/2.2.1");
        request.Headers.Add("X-Request-ID", "req-1");
        request.Headers.Add("X-Correlation-ID", "corr-1");
        var versions = await _emsp.Ocpi(cpoToken, base64: false).SendAsync(request);
        versions.StatusCode.ShouldBe(HttpStatusCode.OK);
        versions.Headers.GetValues("X-Request-ID").ShouldBe(["req-1"]);
        versions.Headers.GetValues("X-Correlation-ID").ShouldBe(["corr-1"]);
    }

    [Fact]
    public async Task pushes_under_another_party_are_refused_and_nothing_is_stored()
    {
        var cpo = _emsp.Ocpi(await _cpo.OnlyPartnerToken());
        var session = Session("NL", "CPO", "S-1");
        (await Put(cpo, "/ocpi/2.2.1/emsp/sessions/NL/CPO/S-1", session)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Put(cpo, "/ocpi/2.2.1/emsp/sessions/NL/CPO/S-1", session)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var foreign = Session("DE", "XYZ", "S-2");
        (await Put(cpo, "/ocpi/2.2.1/emsp/sessions/DE/XYZ/S-2", foreign)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var routed = new HttpRequestMessage(HttpMethod.Put, "/ocpi/2.2.1/emsp/sessions/NL/CPO/S-3")
        {
            Content = new StringContent(Session("NL", "CPO", "S-3").ToJsonString(), Encoding.UTF8, "application/json"),
        };
        routed.Headers.Add("OCPI-from-country-code", "DE");
        routed.Headers.Add("OCPI-from-party-id", "XYZ");
        (await cpo.SendAsync(routed)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var patch = await cpo.PatchAsync("/ocpi/2.2.1/emsp/sessions/NL/CPO/S-1", new StringContent("""{"kwh": 3.5}""", Encoding.UTF8, "application/json"));
        (await patch.Content.ReadFromJsonAsync<JsonObject>())!["status_code"]!.GetValue<int>().ShouldBe(2001);

        var notJson = await cpo.PutAsync("/ocpi/2.2.1/emsp/sessions/NL/CPO/S-4", new StringContent("{not json", Encoding.UTF8, "application/json"));
        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await using var query = _emsp.Store.QuerySession();
        (await query.Query<OcpiObject>().Where(o => o.Module == Modules.Sessions).ToListAsync()).Select(o => o.ObjectId).ShouldBe(["S-1"]);
        var stored = JsonNode.Parse((await query.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Sessions, "NL", "CPO", "S-1")))!.Json)!;
        stored["kwh"]!.GetValue<decimal>().ShouldBe(0m);
    }

    [Fact]
    public async Task a_posted_cdr_is_stored_once_and_a_replay_is_answered_without_a_duplicate()
    {
        var cpo = _emsp.Ocpi(await _cpo.OnlyPartnerToken());
        var cdr = Cdr("CDR-1");
        var first = await Post(cpo, "/ocpi/2.2.1/emsp/cdrs", cdr);
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        first.Headers.Location!.ToString().ShouldEndWith("/ocpi/2.2.1/emsp/cdrs/NL/CPO/CDR-1");
        var replay = await Post(cpo, "/ocpi/2.2.1/emsp/cdrs", cdr);
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cpo.GetAsync(first.Headers.Location)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var query = _emsp.Store.QuerySession();
        (await query.Query<OcpiObject>().CountAsync(o => o.Module == Modules.Cdrs)).ShouldBe(1);
    }

    [Fact]
    public async Task the_cpo_authorizes_in_real_time_at_the_emsp()
    {
        var now = Instant.FromUtc(2026, 11, 24, 10, 0);
        await _emsp.Bus.Publish(new Roaming.Contracts.Tokens.V1.TokenChanged("NL", "MSP", "RT-1", "RFID", "NL-MSP-RT1", "MSP", null, true, "NEVER",
            "Accepted", now), Guid.NewGuid(), null, CancellationToken.None);
        var partnerId = (await _cpo.OnlyPartner()).Id;
        var allowed = await (await _cpo.Api.PostAsync($"/api/partners/{partnerId}/tokens/RT-1/authorize",
            new StringContent("{\"location_id\":\"LOC1\",\"evse_uids\":[\"E1\"]}", Encoding.UTF8, "application/json"))).Content.ReadFromJsonAsync<JsonObject>();
        allowed!["allowed"]!.GetValue<string>().ShouldBe("ALLOWED", allowed.ToJsonString());
        allowed["token"]!["contract_id"]!.GetValue<string>().ShouldBe("NL-MSP-RT1");
        allowed["location"]!["evse_uids"]![0]!.GetValue<string>().ShouldBe("E1");

        var unknown = await (await _cpo.Api.PostAsync($"/api/partners/{partnerId}/tokens/NOPE/authorize", null)).Content.ReadFromJsonAsync<JsonObject>();
        unknown!["allowed"]!.GetValue<string>().ShouldBe("UNKNOWN");
    }

    [Fact]
    public async Task a_running_session_is_put_at_start_and_patched_as_energy_and_cost_grow()
    {
        var now = Instant.FromUtc(2026, 11, 24, 10, 0);
        await _emsp.Bus.Publish(new Roaming.Contracts.Tokens.V1.TokenChanged("NL", "MSP", "RUN-1", "RFID", "NL-MSP-RUN1", "MSP", null, true, "ALLOWED",
            "Accepted", now), Guid.NewGuid(), null, CancellationToken.None);
        await Eventually(async () =>
        {
            await using var query = _cpo.Store.QuerySession();
            return await query.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Tokens, "NL", "MSP", "RUN-1", "RFID")) is not null;
        });

        await _cpo.Bus.Publish(new ChargingSessionStarted("RUN-SESSION", "NL", "CPO", "CP-9", "77", "LOC1", "E1", "1", "RUN-1", now, 1000m),
            Guid.NewGuid(), null, CancellationToken.None);
        static string Periods(params (int Minute, decimal Wh)[] periods) => new JsonArray([.. periods.Select(p => new JsonObject
        {
            ["start_date_time"] = $"2026-11-24T10:{p.Minute:D2}:00Z",
            ["dimensions"] = new JsonArray(new JsonObject { ["type"] = "ENERGY", ["volume"] = p.Wh / 1000m }),
        })]).ToJsonString();
        // Charging priced the readings: one open period, then a second one that closed the first.
        await _cpo.Bus.Publish(new ChargingSessionProgressed("RUN-SESSION", "NL", "CPO", 2.5m, "EUR", 1.25m, 1.51m, Periods((0, 2500)),
            now + Duration.FromMinutes(10)), Guid.NewGuid(), null, CancellationToken.None);
        await _cpo.Bus.Publish(new ChargingSessionProgressed("RUN-SESSION", "NL", "CPO", 4m, "EUR", 2m, 2.42m, Periods((0, 3000), (12, 1000)),
            now + Duration.FromMinutes(15)), Guid.NewGuid(), null, CancellationToken.None);

        JsonNode? session = null;
        await Eventually(async () =>
        {
            await using var query = _emsp.Store.QuerySession();
            var stored = await query.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Sessions, "NL", "CPO", "RUN-SESSION"));
            session = stored is null ? null : JsonNode.Parse(stored.Json);
            return session?["kwh"]?.GetValue<decimal>() == 4m;
        });
        session!["status"]!.GetValue<string>().ShouldBe("ACTIVE");
        session["cdr_token"]!["contract_id"]!.GetValue<string>().ShouldStartWith(SubjectKeyVault.Prefix, customMessage: "kept encrypted by the eMSP");
        (await _emsp.Vault.Reveal(session["cdr_token"]!["contract_id"]!.GetValue<string>(), CancellationToken.None)).ShouldBe("NL-MSP-RUN1");
        (session["total_cost"]!["excl_vat"]!.GetValue<decimal>(), session["total_cost"]!["incl_vat"]!.GetValue<decimal>()).ShouldBe((2m, 2.42m));
        // Only the closed period travelled, appended once; the open one follows when it closes.
        session["charging_periods"]!.AsArray().Select(p => p!["dimensions"]![0]!["volume"]!.GetValue<decimal>()).ShouldBe([3m]);
        // last_updated never goes back: the session was stored (now) after the charger's reading time.
        OcpiDateTime.TryParse(session["last_updated"]!.GetValue<string>())!.Value.ShouldBeGreaterThanOrEqualTo(now + Duration.FromMinutes(15));
        var partnerId = (await _cpo.OnlyPartner()).Id;
        var deliveries = (await _cpo.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{partnerId}/deliveries"))!
            .Where(d => d!["module"]!.GetValue<string>() == "sessions").ToList();
        deliveries.Select(d => d!["method"]!.GetValue<string>()).ShouldBe(["PUT", "PATCH", "PATCH"]);
        await using var cpo = _cpo.Store.QuerySession();
        var bodies = (await cpo.Query<Delivery>().Where(d => d.Module == Modules.Sessions && d.Method == "PATCH").ToListAsync())
            .OrderBy(d => d.CreatedAt).Select(d => JsonNode.Parse(d.Body!)!.AsObject()).ToList();
        bodies[0].Select(f => f.Key).Order().ShouldBe(["kwh", "last_updated", "total_cost"]);
        bodies[1].Select(f => f.Key).Order().ShouldBe(["charging_periods", "kwh", "last_updated", "total_cost"]);
    }

    /// <summary>
    /// A session start handled after the session's CDR (replayed by an operator after it was parked, or delivered late by
    /// a broker) must not bring back an ACTIVE session: the completed one stays, and nothing ACTIVE is queued for partners.
    /// </summary>
    [Fact]
    public async Task a_session_start_handled_after_its_cdr_leaves_the_session_completed()
    {
        var now = Instant.FromUtc(2026, 11, 24, 11, 0);
        var cdr = Cdr("LATE-START-CDR");
        cdr["session_id"] = "LATE-START";
        await _cpo.Bus.Publish(new CdrIssued("LATE-START-CDR", "LATE-START", "NL", "CPO", "EUR", 7.5m, 2.75m, 3.33m, now, now + Duration.FromMinutes(40),
            cdr.ToJsonString()), Guid.NewGuid(), null, CancellationToken.None);
        var key = OcpiObject.KeyFor(Modules.Sessions, "NL", "CPO", "LATE-START");
        async Task<string?> StatusAtTheCpo()
        {
            await using var query = _cpo.Store.QuerySession();
            var stored = await query.LoadAsync<OcpiObject>(key);
            return stored is null ? null : JsonNode.Parse(stored.Json)!["status"]!.GetValue<string>();
        }
        (await StatusAtTheCpo()).ShouldBe("COMPLETED");

        // The embedded bus returns once the consumers are done, so these are handled when Publish returns.
        await _cpo.Bus.Publish(new ChargingSessionStarted("LATE-START", "NL", "CPO", "CP-9", "79", "LOC1", "E1", "1", "LATE-1", now, 1000m),
            Guid.NewGuid(), null, CancellationToken.None);
        await _cpo.Bus.Publish(new ChargingSessionProgressed("LATE-START", "NL", "CPO", 2.5m, "EUR", 1.25m, 1.51m, "[]", now + Duration.FromMinutes(10)),
            Guid.NewGuid(), null, CancellationToken.None);

        (await StatusAtTheCpo()).ShouldBe("COMPLETED");
        await using var cpo = _cpo.Store.QuerySession();
        var sessionPushes = await cpo.Query<Delivery>().Where(d => d.Module == Modules.Sessions && d.Url.EndsWith("/LATE-START")).ToListAsync();
        sessionPushes.ShouldAllBe(d => d.Body == null || !d.Body.Contains("\"ACTIVE\""));
    }

    /// <summary>
    /// A token holder's contract id crosses in clear on every way out (token push and GET, authorize answer, session and
    /// CDR push and GET, operator API), is kept encrypted in every table of both platforms (objects, events, queued
    /// pushes, pushed versions), and reads [erased] at a platform once that platform forgot the holder.
    /// </summary>
    [Fact]
    public async Task a_holders_contract_id_travels_in_clear_is_kept_encrypted_on_both_sides_and_reads_erased_once_forgotten()
    {
        const string contract = "NL-MSP-SHRED-1";
        const string subject = $"contract:NL*MSP*{contract}";
        var now = Instant.FromUtc(2026, 11, 24, 10, 0);
        var none = CancellationToken.None;
        // As the Tokens service sends it: encrypted under the holder's key (TokenChanged).
        await _emsp.Bus.Publish(new Roaming.Contracts.Tokens.V1.TokenChanged("NL", "MSP", "SHRED-1", "RFID", await _emsp.Vault.Protect(subject, contract, none),
            "MSP", null, true, "ALLOWED", "Accepted", now), Guid.NewGuid(), null, none);
        await Eventually(async () =>
        {
            await using var query = _cpo.Store.QuerySession();
            return await query.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Tokens, "NL", "MSP", "SHRED-1", "RFID")) is not null;
        });
        await _cpo.Bus.Publish(new ChargingSessionStarted("SHRED-SESSION", "NL", "CPO", "CP-9", "78", "LOC1", "E1", "1", "SHRED-1", now, 1000m),
            Guid.NewGuid(), null, none);
        var cdr = Cdr("SHRED-CDR");
        cdr["session_id"] = "SHRED-SESSION";
        cdr["cdr_token"]!["uid"] = "SHRED-1";
        // As Charging sends it: the contract id encrypted, here a ciphertext other than the one the session started with.
        cdr["cdr_token"]!["contract_id"] = await _cpo.Vault.Protect(subject, contract, none);
        await _cpo.Bus.Publish(new CdrIssued("SHRED-CDR", "SHRED-SESSION", "NL", "CPO", "EUR", 7.5m, 2.75m, 3.33m, now, now + Duration.FromMinutes(40),
            cdr.ToJsonString()), Guid.NewGuid(), null, none);
        var cpoPartner = (await _cpo.OnlyPartner()).Id;
        await Eventually(async () => (await _cpo.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{cpoPartner}/deliveries?state=queued"))!.Count == 0
            && (await _cpo.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{cpoPartner}/deliveries?state=retrying"))!.Count == 0
            && (await _emsp.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{_emspPartnerIdOfCpo}/objects/cdrs"))!.Count == 1);

        var emspCallsCpo = _cpo.Ocpi(await _emsp.OnlyPartnerToken());
        var cpoCallsEmsp = _emsp.Ocpi(await _cpo.OnlyPartnerToken());
        async Task<(string Token, string Authorized, string Session, string Cdr)> OnTheWire()
        {
            var tokens = (await cpoCallsEmsp.GetFromJsonAsync<JsonObject>("/ocpi/2.2.1/emsp/tokens"))!["data"]!.AsArray();
            var authorized = await (await cpoCallsEmsp.PostAsync("/ocpi/2.2.1/emsp/tokens/SHRED-1/authorize", null)).Content.ReadFromJsonAsync<JsonObject>();
            var sessions = (await emspCallsCpo.GetFromJsonAsync<JsonObject>("/ocpi/2.2.1/cpo/sessions"))!["data"]!.AsArray();
            var cdrs = (await emspCallsCpo.GetFromJsonAsync<JsonObject>("/ocpi/2.2.1/cpo/cdrs"))!["data"]!.AsArray();
            return (tokens.Single(t => t!["uid"]!.GetValue<string>() == "SHRED-1")!["contract_id"]!.GetValue<string>(),
                authorized!["data"]!["token"]!["contract_id"]!.GetValue<string>(),
                sessions.Single(t => t!["id"]!.GetValue<string>() == "SHRED-SESSION")!["cdr_token"]!["contract_id"]!.GetValue<string>(),
                cdrs.Single(t => t!["id"]!.GetValue<string>() == "SHRED-CDR")!["cdr_token"]!["contract_id"]!.GetValue<string>());
        }
        async Task<(string Token, string Session, string Cdr)> ReceivedAs(OcpiPlatform platform, string partnerId, string module) =>
            module == Modules.Tokens
                ? ((await platform.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{partnerId}/objects/tokens"))!
                    .Single(t => t!["uid"]!.GetValue<string>() == "SHRED-1")!["contract_id"]!.GetValue<string>(), "", "")
                : ("", (await platform.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{partnerId}/objects/sessions"))!
                    .Single(t => t!["id"]!.GetValue<string>() == "SHRED-SESSION")!["cdr_token"]!["contract_id"]!.GetValue<string>(),
                  (await platform.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{partnerId}/objects/cdrs"))!
                    .Single(t => t!["id"]!.GetValue<string>() == "SHRED-CDR")!["cdr_token"]!["contract_id"]!.GetValue<string>());

        (await OnTheWire()).ShouldBe((contract, contract, contract, contract));
        (await ReceivedAs(_cpo, cpoPartner, Modules.Tokens)).Token.ShouldBe(contract, "the token pushed to the CPO arrived in clear");
        var atEmsp = await ReceivedAs(_emsp, _emspPartnerIdOfCpo, Modules.Sessions);
        (atEmsp.Session, atEmsp.Cdr).ShouldBe((contract, contract), "the session and CDR pushed to the eMSP arrived in clear");
        // The subject names the contract, and lives only in the key table (until it is forgotten).
        (await _cpo.TablesContaining(contract)).ShouldBe(["subject_keys.keys"], "the CPO keeps no clear copy (objects, events, deliveries, pushed versions)");
        (await _emsp.TablesContaining(contract)).ShouldBe(["subject_keys.keys"], "the eMSP keeps no clear copy");
        await using (var query = _cpo.Store.QuerySession())
        {
            var sessionPushes = (await query.Query<Delivery>().Where(d => d.Module == Modules.Sessions && d.ObjectKey!.Contains("SHRED-SESSION")).ToListAsync())
                .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToList();
            sessionPushes.Select(d => d.Method).ShouldBe(["PUT", "PATCH"]);
            JsonNode.Parse(sessionPushes[1].Body!)!.AsObject().ContainsKey("cdr_token")
                .ShouldBeFalse("a new encryption of the same contract id is no change: compared revealed");
        }

        (await _cpo.Vault.Forget(subject, none)).ShouldBeTrue();
        var afterCpoForgot = await OnTheWire();
        (afterCpoForgot.Session, afterCpoForgot.Cdr).ShouldBe((SubjectKeyVault.Erased, SubjectKeyVault.Erased), "the CPO's sender answers [erased]");
        (afterCpoForgot.Token, afterCpoForgot.Authorized).ShouldBe((contract, contract), "the eMSP's own copy is its own to forget");
        (await ReceivedAs(_cpo, cpoPartner, Modules.Tokens)).Token.ShouldBe(SubjectKeyVault.Erased);

        (await _emsp.Vault.Forget(subject, none)).ShouldBeTrue();
        (await _emsp.TablesContaining(contract)).ShouldBeEmpty("with the key gone, nothing names the contract");
        var afterBothForgot = await OnTheWire();
        (afterBothForgot.Token, afterBothForgot.Authorized).ShouldBe((SubjectKeyVault.Erased, SubjectKeyVault.Erased));
        var erasedAtEmsp = await ReceivedAs(_emsp, _emspPartnerIdOfCpo, Modules.Sessions);
        (erasedAtEmsp.Session, erasedAtEmsp.Cdr).ShouldBe((SubjectKeyVault.Erased, SubjectKeyVault.Erased));
    }

    [Fact]
    public async Task a_changed_evse_status_is_patched_at_the_evse_and_a_refused_patch_is_followed_by_a_put()
    {
        var location = OurLocation();
        await PublishLocation(location);
        var evseStatus = Instant.FromUtc(2026, 11, 24, 11, 0);
        location["evses"]![0]!["status"] = "CHARGING";
        location["last_updated"] = OcpiDateTime.Format(evseStatus);
        await PublishLocation(location);

        JsonNode? stored = null;
        await Eventually(async () =>
        {
            await using var query = _emsp.Store.QuerySession();
            var received = await query.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Locations, "NL", "CPO", "LOC1"));
            stored = received is null ? null : JsonNode.Parse(received.Json);
            return stored?["evses"]![0]!["status"]!.GetValue<string>() == "CHARGING";
        });
        // The receiver copied the EVSE's last_updated onto the location; the rest is what the first PUT brought.
        stored!["last_updated"]!.GetValue<string>().ShouldBe("2026-11-24T11:00:00Z");
        stored["evses"]![1]!["status"]!.GetValue<string>().ShouldBe("RESERVED");
        var partnerId = (await _cpo.OnlyPartner()).Id;
        var sent = (await _cpo.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{partnerId}/deliveries"))!
            .Where(d => d!["module"]!.GetValue<string>() == "locations").Select(d => $"{d!["method"]} {d["url"]}").ToList();
        sent.ShouldBe([$"PUT {_emsp.Url}/ocpi/2.2.1/emsp/locations/NL/CPO/LOC1", $"PATCH {_emsp.Url}/ocpi/2.2.1/emsp/locations/NL/CPO/LOC1/3256"]);

        // The eMSP lost the location (it answers 2003 to the next PATCH): the CPO PUTs the whole location again.
        await using (var lost = _emsp.Store.LightweightSession())
        {
            lost.Events.Append(OcpiObject.KeyFor(Modules.Locations, "NL", "CPO", "LOC1"), new OcpiObjectStored(
                (await lost.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Locations, "NL", "CPO", "LOC1")))! with { Removed = true }, "test"));
            await lost.SaveChangesAsync();
        }
        location["evses"]![0]!["status"] = "AVAILABLE";
        location["last_updated"] = OcpiDateTime.Format(evseStatus + Duration.FromMinutes(5));
        await PublishLocation(location);
        await Eventually(async () =>
        {
            await using var query = _emsp.Store.QuerySession();
            var received = await query.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Locations, "NL", "CPO", "LOC1"));
            return received is { Removed: false } && JsonNode.Parse(received.Json)!["evses"]![0]!["status"]!.GetValue<string>() == "AVAILABLE";
        });
        // The eMSP stores the PUT before the CPO records its answer: wait until the last delivery is final.
        List<string> answers = [];
        await Eventually(async () =>
        {
            answers = (await _cpo.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{partnerId}/deliveries"))!
                .Where(d => d!["module"]!.GetValue<string>() == "locations").Select(d => $"{d!["method"]} {d["status"]}").ToList();
            return answers.Count == 4 && answers[3] is not ("PUT queued" or "PUT retrying");
        });
        answers.ShouldBe(["PUT delivered", "PATCH delivered", "PATCH rejected", "PUT delivered"]);
    }

    [Fact]
    public async Task bad_input_on_every_receiver_is_answered_2001_and_nothing_is_stored()
    {
        var cpo = _emsp.Ocpi(await _cpo.OnlyPartnerToken());
        var emsp = _cpo.Ocpi(await _emsp.OnlyPartnerToken());
        var location = OurLocation();
        (await Put(cpo, "/ocpi/2.2.1/emsp/locations/NL/CPO/LOC1", location)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var token = JsonNode.Parse(SpecExamples.ReadElement("token_example_2_full_rfid.json").GetRawText())!.AsObject();
        token["country_code"] = "NL";
        token["party_id"] = "MSP";
        var tokenPath = $"/ocpi/2.2.1/cpo/tokens/NL/MSP/{token["uid"]}";
        (await Put(emsp, tokenPath, token)).StatusCode.ShouldBe(HttpStatusCode.Created);

        JsonObject Changed(JsonObject original, Action<JsonObject> change)
        {
            var copy = original.DeepClone().AsObject();
            change(copy);
            return copy;
        }
        var tariff = JsonNode.Parse(SpecExamples.ReadElement("tariff_1_simple_2hour.json").GetRawText())!.AsObject();
        tariff["country_code"] = "NL";
        tariff["party_id"] = "CPO";
        var cases = new (string Case, HttpClient Client, HttpMethod Method, string Path, JsonObject Body, string Named)[]
        {
            ("missing field", cpo, HttpMethod.Put, "/ocpi/2.2.1/emsp/locations/NL/CPO/LOC2", Changed(location, l => { l["id"] = "LOC2"; l.Remove("address"); }), "address"),
            ("unknown enum", cpo, HttpMethod.Put, "/ocpi/2.2.1/emsp/locations/NL/CPO/LOC1", Changed(location, l => l["evses"]![0]!["status"] = "BROKEN"), "evses[0].status"),
            ("wrong type", cpo, HttpMethod.Put, $"/ocpi/2.2.1/emsp/tariffs/NL/CPO/{tariff["id"]}", Changed(tariff, t => t["currency"] = 978), "currency"),
            ("oversized string", emsp, HttpMethod.Put, tokenPath, Changed(token, t => t["contract_id"] = new string('C', 37)), "contract_id"),
            ("location PATCH without last_updated", cpo, HttpMethod.Patch, "/ocpi/2.2.1/emsp/locations/NL/CPO/LOC1", new JsonObject { ["name"] = "Renamed" }, "last_updated"),
            ("EVSE PATCH without last_updated", cpo, HttpMethod.Patch, "/ocpi/2.2.1/emsp/locations/NL/CPO/LOC1/3256", new JsonObject { ["status"] = "CHARGING" }, "last_updated"),
            ("token PATCH without last_updated", emsp, HttpMethod.Patch, tokenPath, new JsonObject { ["valid"] = false }, "last_updated"),
            ("CDR without total_cost", cpo, HttpMethod.Post, "/ocpi/2.2.1/emsp/cdrs", Changed(Cdr("CDR-BAD"), c => c.Remove("total_cost")), "total_cost"),
        };
        foreach (var (name, client, method, path, body, named) in cases)
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
            var response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, name);
            var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            answer["status_code"]!.GetValue<int>().ShouldBe(2001, name);
            answer["status_message"]!.GetValue<string>().ShouldContain(named, Case.Sensitive, name);
        }

        await using var atEmsp = _emsp.Store.QuerySession();
        (await atEmsp.Query<OcpiObject>().ToListAsync()).Select(o => o.Id).ShouldBe([OcpiObject.KeyFor(Modules.Locations, "NL", "CPO", "LOC1")]);
        JsonNode.DeepEquals(JsonNode.Parse((await atEmsp.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Locations, "NL", "CPO", "LOC1")))!.Json), location)
            .ShouldBeTrue("the stored location is the one first PUT");
        await using var atCpo = _cpo.Store.QuerySession();
        var storedToken = (await atCpo.Query<OcpiObject>().Where(o => o.Module == Modules.Tokens).ToListAsync()).ShouldHaveSingleItem();
        storedToken.Json.ShouldNotContain(token["contract_id"]!.GetValue<string>(), customMessage: "the holder's data is kept encrypted");
        JsonNode.DeepEquals(JsonNode.Parse(await _cpo.Holders.Reveal(Modules.Tokens, storedToken.Json, CancellationToken.None)), token)
            .ShouldBeTrue("the stored token is the one first PUT");
    }

    [Fact]
    public async Task an_unknown_token_in_authorize_is_404_with_2004()
    {
        var cpo = _emsp.Ocpi(await _cpo.OnlyPartnerToken());
        var response = await cpo.PostAsync("/ocpi/2.2.1/emsp/tokens/NOPE/authorize", new StringContent("""{"location_id":"LOC1"}""", Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["status_code"]!.GetValue<int>().ShouldBe(2004);
    }

    [Fact]
    public async Task an_issued_cdr_is_pushed_once_to_the_emsp_and_lists_page_with_headers()
    {
        var now = Instant.FromUtc(2026, 11, 24, 10, 0);
        var message = new CdrIssued("CDR-9", "SESSION-9", "NL", "CPO", "EUR", 7.5m, 2.75m, 3.33m, now - Duration.FromMinutes(40), now,
            Cdr("CDR-9").ToJsonString());
        var messageId = Guid.NewGuid();
        await _cpo.Bus.Publish(message, messageId, null, CancellationToken.None);
        await _cpo.Bus.Publish(message, messageId, null, CancellationToken.None);
        await _cpo.Bus.Publish(message, Guid.NewGuid(), null, CancellationToken.None);

        await Eventually(async () =>
        {
            await using var query = _emsp.Store.QuerySession();
            return await query.Query<OcpiObject>().CountAsync(o => o.Module == Modules.Cdrs) == 1 &&
                   await query.Query<OcpiObject>().CountAsync(o => o.Module == Modules.Sessions) == 1;
        });
        var partnerId = (await _cpo.OnlyPartner()).Id;
        var deliveries = await _cpo.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{partnerId}/deliveries");
        deliveries!.Count(d => d!["module"]!.GetValue<string>() == "cdrs").ShouldBe(1);
        await Eventually(async () => (await _cpo.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{partnerId}/deliveries?state=delivered"))!.Count == 2);

        // The eMSP pulls the CPO's CDRs with pagination.
        var emsp = _cpo.Ocpi(await _emsp.OnlyPartnerToken());
        var page = await emsp.GetAsync("/ocpi/2.2.1/cpo/cdrs?limit=1");
        page.Headers.GetValues("X-Total-Count").ShouldBe(["1"]);
        page.Headers.GetValues("X-Limit").ShouldBe(["1"]);
        page.Headers.Contains("Link").ShouldBeFalse();
        var body = await page.Content.ReadFromJsonAsync<JsonObject>();
        body!["data"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe("CDR-9");
        var later = await emsp.GetAsync("/ocpi/2.2.1/cpo/cdrs?date_from=2030-01-01T00:00:00Z");
        later.Headers.GetValues("X-Total-Count").ShouldBe(["0"]);
    }

    [Fact]
    public async Task a_start_session_command_is_accepted_and_its_token_kept_as_the_partners()
    {
        var emsp = _cpo.Ocpi(await _emsp.OnlyPartnerToken());
        var command = new JsonObject
        {
            ["response_url"] = $"{_emsp.Url}/ocpi/2.2.1/emsp/commands/START_SESSION/1",
            ["token"] = new JsonObject
            {
                ["country_code"] = "NL", ["party_id"] = "MSP", ["uid"] = "APP-1", ["type"] = "APP_USER", ["contract_id"] = "NL-MSP-1",
                ["issuer"] = "MSP", ["valid"] = true, ["whitelist"] = "NEVER", ["last_updated"] = "2026-01-01T00:00:00Z",
            },
            ["location_id"] = "LOC1",
        };
        var response = await Post(emsp, "/ocpi/2.2.1/cpo/commands/START_SESSION", command);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        body!["data"]!["result"]!.GetValue<string>().ShouldBe("ACCEPTED", body.ToJsonString());
        await using var query = _cpo.Store.QuerySession();
        (await query.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Tokens, "NL", "MSP", "APP-1", "APP_USER"))).ShouldNotBeNull();

        command["token"]!["party_id"] = "XXX";
        var foreign = await (await Post(emsp, "/ocpi/2.2.1/cpo/commands/START_SESSION", command)).Content.ReadFromJsonAsync<JsonObject>();
        foreign!["data"]!["result"]!.GetValue<string>().ShouldBe("REJECTED");
        var unknown = await (await Post(emsp, "/ocpi/2.2.1/cpo/commands/STOP_SESSION",
            new JsonObject { ["response_url"] = "http://127.0.0.1:1/r", ["session_id"] = "NOPE" })).Content.ReadFromJsonAsync<JsonObject>();
        unknown!["data"]!["result"]!.GetValue<string>().ShouldBe("UNKNOWN_SESSION");
    }

    private async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return;
            await Task.Delay(100);
        }
        var partner = (await _cpo.OnlyPartner()).Id;
        (await condition()).ShouldBeTrue("condition not reached in 20 s; deliveries: " + await _cpo.Api.GetStringAsync($"/api/partners/{partner}/deliveries"));
    }

    private static JsonObject OurLocation()
    {
        var location = JsonNode.Parse(SpecExamples.ReadElement("location_example.json").GetRawText())!.AsObject();
        location["country_code"] = "NL";
        location["party_id"] = "CPO";
        return location;
    }

    private Task PublishLocation(JsonObject location) => _cpo.Bus.Publish(new Roaming.Contracts.Network.V1.LocationChanged("NL", "CPO", "LOC1",
        null, "address", "city", null, null, "BEL", "51.0", "3.7", "Europe/Brussels", [],
        OcpiDateTime.TryParse(location["last_updated"]!.GetValue<string>())!.Value, location.ToJsonString()), Guid.NewGuid(), null, CancellationToken.None);

    private static Task<HttpResponseMessage> Put(HttpClient client, string path, JsonObject body) =>
        client.PutAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, JsonObject body) =>
        client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    private static JsonObject Session(string cc, string pid, string id)
    {
        var session = JsonNode.Parse(SpecExamples.ReadElement("session_example_1_simple_start.json").GetRawText())!.AsObject();
        session["country_code"] = cc;
        session["party_id"] = pid;
        session["id"] = id;
        session["cdr_token"]!["country_code"] = "NL";
        session["cdr_token"]!["party_id"] = "MSP";
        return session;
    }

    private static JsonObject Cdr(string id)
    {
        var cdr = JsonNode.Parse(SpecExamples.ReadElement("cdr_example.json").GetRawText())!.AsObject();
        cdr["country_code"] = "NL";
        cdr["party_id"] = "CPO";
        cdr["id"] = id;
        cdr["session_id"] = "SESSION-9";
        cdr["cdr_token"]!["country_code"] = "NL";
        cdr["cdr_token"]!["party_id"] = "MSP";
        return cdr;
    }
}
