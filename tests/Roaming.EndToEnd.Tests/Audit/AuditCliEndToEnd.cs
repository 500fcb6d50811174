using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Roaming.EndToEnd.Tests.FirstFlow;
using Shouldly;
using Roaming.Testing;

namespace Roaming.EndToEnd.Tests.Audit;

/// <summary>
/// The auditor's commands, run as the built <c>roaming</c> executable against a real session's CDR: export a bundle,
/// verify it, tamper one byte and watch verification fail at that position; prove the CDR and check the proof.
/// </summary>
public class AuditCliEndToEnd
{
    [Fact]
    public async Task export_verify_tamper_and_prove_a_cdr_with_the_roaming_executable()
    {
        var work = Directory.CreateTempSubdirectory("roaming-audit-cli").FullName;
        var keyPath = Path.Combine(work, "signing-key.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        var environment = new Dictionary<string, string> { ["Roaming__Audit__SigningKeyPath"] = keyPath };
        await using var roaming = await RoamingProcess.Start("roaming_e2e_audit_cli", environment);
        await ChargerSessionBecomesPricedCdr.Seed(roaming);
        await Charge(roaming, "2026-11-20T10:00:00Z");
        await roaming.WaitForCount("select count(*) from charging.mt_doc_issuedcdr", 1, TimeSpan.FromSeconds(30));
        var cdrId = (await roaming.Api.GetFromJsonAsync<JsonArray>("/api/cdrs"))!.ShouldHaveSingleItem()!["id"]!.GetValue<string>();

        var events = await roaming.Count("select count(*) from charging.mt_events");
        await roaming.WaitForCount("select count(*) from charging.roaming_sealed_leaves", events, TimeSpan.FromSeconds(30));
        (await roaming.Api.PostAsync("/api/audit/checkpoints", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var bundle = Path.Combine(work, "bundle");
        var export = await roaming.Cli(environment, "audit", "export", "--service", "charging", "--out", bundle);
        export.ExitCode.ShouldBe(0, export.Output);
        export.Output.ShouldContain($"Exported {events:N0} events");

        var intact = await roaming.Cli(environment, "audit", "verify", bundle);
        intact.ExitCode.ShouldBe(0, intact.Output);
        intact.Output.ShouldContain("INTACT");

        // One byte of one event's data: the kWh of the CDR's event (any byte would do; this one changes money).
        var lines = await File.ReadAllLinesAsync(Path.Combine(bundle, "events.ndjson"));
        var line = Array.FindIndex(lines, l => l.Contains("\"cdr_issued\""));
        line.ShouldBeGreaterThanOrEqualTo(0);
        var bytes = Encoding.UTF8.GetBytes(lines[line]);
        var at = lines[line].IndexOf("\"total_energy\": ", StringComparison.Ordinal) + "\"total_energy\": ".Length;
        at.ShouldBeGreaterThan(20);
        bytes[at] = (byte)(bytes[at] == (byte)'9' ? '8' : '9');
        lines[line] = Encoding.UTF8.GetString(bytes);
        await File.WriteAllLinesAsync(Path.Combine(bundle, "events.ndjson"), lines);

        var tampered = await roaming.Cli(environment, "audit", "verify", bundle);
        tampered.ExitCode.ShouldBe(1, tampered.Output);
        tampered.Output.ShouldContain("TAMPERED");
        tampered.Output.ShouldContain($"Changed at position {line}", customMessage: tampered.Output);

        var proofFile = Path.Combine(work, "proof.json");
        var prove = await roaming.Cli(environment, "audit", "prove", "--cdr", cdrId, "--out", proofFile);
        prove.ExitCode.ShouldBe(0, prove.Output);
        (await File.ReadAllTextAsync(proofFile)).ShouldContain(cdrId);
        var check = await roaming.Cli(environment, "audit", "check-proof", proofFile);
        check.ExitCode.ShouldBe(0, check.Output);
        check.Output.ShouldContain("VALID");
    }

    [Fact]
    public async Task replay_as_of_an_instant_answers_the_cdr_list_as_it_was_then()
    {
        await using var roaming = await RoamingProcess.Start("roaming_e2e_audit_replay");
        await ChargerSessionBecomesPricedCdr.Seed(roaming);
        await Charge(roaming, "2026-11-20T10:00:00Z");
        await roaming.WaitForCount("select count(*) from charging.mt_doc_issuedcdr", 1, TimeSpan.FromSeconds(30));
        var firstCdr = (await roaming.Api.GetFromJsonAsync<JsonArray>("/api/cdrs"))!.ShouldHaveSingleItem()!["id"]!.GetValue<string>();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var between = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(1));
        await Charge(roaming, "2026-11-20T12:00:00Z");
        await roaming.WaitForCount("select count(*) from charging.mt_doc_issuedcdr", 2, TimeSpan.FromSeconds(30));
        (await roaming.Api.GetFromJsonAsync<JsonArray>("/api/cdrs"))!.Count.ShouldBe(2);

        var url = $"http://127.0.0.1:{Roaming.Testing.TestServers.FreeTcpPort()}";
        await using var replay = Roaming.Testing.ChildProcess.Start("dotnet",
            [RoamingProcess.Executable, "replay", "--service", "charging", "--as-of", between.ToString("yyyy-MM-ddTHH:mm:ssZ"), "--serve", url],
            new Dictionary<string, string> { ["ROAMING_POSTGRES"] = roaming.Database, ["ROAMING_ADMIN_KEY"] = RoamingProcess.AdminKey });
        using var asOf = new HttpClient { BaseAddress = new Uri(url) };
        asOf.DefaultRequestHeaders.Authorization = roaming.Api.DefaultRequestHeaders.Authorization;
        JsonArray? replayed = null;
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(90));
        while (replayed is null && DateTime.UtcNow < deadline && !replay.HasExited)
        {
            try
            {
                if (replay.Output.Contains("Answering charging's API"))
                    replayed = await asOf.GetFromJsonAsync<JsonArray>("/api/cdrs");
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        replayed.ShouldNotBeNull(replay.Output);
        replayed.ShouldHaveSingleItem()!["id"]!.GetValue<string>().ShouldBe(firstCdr, "the CDR list as of the instant holds only the CDR issued before it");
        replayed[0]!["cdr_token"]!["contract_id"]!.GetValue<string>().ShouldBe("NL-TNM-C00000042-X", "the holder's contract id is revealed with the live keys");
        (await roaming.Api.GetFromJsonAsync<JsonArray>("/api/cdrs"))!.Count.ShouldBe(2, "the live read models are untouched");
    }

    [Fact]
    public async Task an_ocpi_partners_call_is_in_the_access_trail_under_the_partner_not_as_anonymous()
    {
        await using var roaming = await RoamingProcess.Start("roaming_e2e_audit_trail");
        var created = await (await roaming.Api.PostAsJsonAsync("/api/partners", new { name = "Trail Test eMSP" })).Content.ReadFromJsonAsync<JsonObject>();
        var partnerId = created!["id"]!.GetValue<string>();
        using var partner = new HttpClient { BaseAddress = new Uri(roaming.Url) };
        partner.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Token " + Convert.ToBase64String(Encoding.UTF8.GetBytes(created["token_a"]!.GetValue<string>())));
        (await partner.GetAsync("/ocpi/versions")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var stranger = new HttpClient { BaseAddress = new Uri(roaming.Url) };
        (await stranger.GetAsync("/ocpi/versions")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        await roaming.WaitForCount(
            $"select count(*) from audit.mt_events where type = 'api_call_recorded' and data->>'path' = '/ocpi/versions' and data->>'actor' = 'ocpi-partner:{partnerId}' and (data->>'status')::int = 200",
            1, TimeSpan.FromSeconds(10));
        (await roaming.Count("select count(*) from audit.mt_events where type = 'api_call_recorded' and data->>'path' = '/ocpi/versions' and data->>'actor' = 'anonymous'"))
            .ShouldBe(1, "only the call without a valid token stays anonymous");
    }

    private static async Task Charge(RoamingProcess roaming, string startTime)
    {
        var run = await OcppClient.Drive("--url", $"{roaming.WebSocketUrl}/ocpp", "--id", ChargerSessionBecomesPricedCdr.ChargePoint,
            "--password", ChargerSessionBecomesPricedCdr.Password, "--protocol", "ocpp1.6", "--scenario", "session",
            "--idtag", ChargerSessionBecomesPricedCdr.Token, "--meter-start", "1000", "--samples", "3", "--step-wh", "2500",
            "--start-time", startTime, "--interval-s", "600");
        run.ExitCode.ShouldBe(0, run.Output);
    }
}
