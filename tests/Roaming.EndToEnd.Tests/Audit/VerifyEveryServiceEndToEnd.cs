using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Roaming.EndToEnd.Tests.FirstFlow;
using Shouldly;

namespace Roaming.EndToEnd.Tests.Audit;

/// <summary>
/// <c>roaming audit verify --online</c> without <c>--service</c> verifies every service's sealed log and says which,
/// so an auditor is never told INTACT about one log of six; one tampered log fails the whole run.
/// </summary>
public class VerifyEveryServiceEndToEnd
{
    private static readonly string[] Services = ["ingest", "network", "charging", "tokens", "audit", "ocpi"];

    [Fact]
    public async Task every_services_log_gets_a_verdict_and_one_tampered_log_fails_the_run()
    {
        var keyPath = Path.Combine(Directory.CreateTempSubdirectory("roaming-verify-all").FullName, "signing-key.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        var environment = new Dictionary<string, string> { ["Roaming__Audit__SigningKeyPath"] = keyPath };
        await using var roaming = await RoamingProcess.Start("roaming_e2e_verify_all", environment);
        await ChargerSessionBecomesPricedCdr.Seed(roaming);
        (await roaming.Api.PostAsJsonAsync("/api/partners", new { name = "Verified eMSP" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var service in Services.Where(s => s != "audit"))
        {
            var events = await roaming.Count($"select count(*) from {service}.mt_events");
            events.ShouldBeGreaterThan(0, $"{service} has a log to verify");
            await roaming.WaitForCount($"select count(*) from {service}.roaming_sealed_leaves", events, TimeSpan.FromSeconds(30));
        }
        (await roaming.Api.PostAsync("/api/audit/checkpoints", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var clean = await roaming.Cli(environment, "audit", "verify", "--online");

        clean.Output.ShouldNotContain("TAMPERED");
        clean.Output.ShouldNotContain("CANNOT VERIFY");
        clean.ExitCode.ShouldBe(0, clean.Output);
        clean.Output.ShouldContain("No problem found in any log");
        foreach (var service in Services)
            clean.Output.ShouldContain($": {service}, ", customMessage: clean.Output);

        // One field of the first token event, changed in place as someone with database access would.
        await roaming.Count("with forged as (update tokens.mt_events set data = data || '{\"issuer\": \"Forged\"}'::jsonb " +
                            "where seq_id = (select min(seq_id) from tokens.mt_events) returning 1) select count(*) from forged");

        var tampered = await roaming.Cli(environment, "audit", "verify", "--online");

        tampered.ExitCode.ShouldBe(1, tampered.Output);
        tampered.Output.ShouldContain("TAMPERED: tokens, ", customMessage: tampered.Output);
        foreach (var service in Services.Where(s => s != "tokens"))
            tampered.Output.ShouldContain($": {service}, ", customMessage: tampered.Output);
        System.Text.RegularExpressions.Regex.Count(tampered.Output, "TAMPERED: ").ShouldBe(1, tampered.Output);
    }

    [Fact]
    public async Task a_service_without_a_sealed_log_cannot_be_verified_and_the_run_says_so()
    {
        var database = await Roaming.Testing.TestServers.FreshDatabase("roaming_e2e_verify_none");
        await using var cli = Roaming.Testing.ChildProcess.Start("dotnet", [RoamingProcess.Executable, "audit", "verify", "--online"],
            new Dictionary<string, string> { ["ROAMING_POSTGRES"] = database });

        (await cli.WaitForExit(TimeSpan.FromSeconds(120))).ShouldBe(2, cli.Output);
        foreach (var service in Services)
            cli.Output.ShouldContain($"CANNOT VERIFY: {service}", customMessage: cli.Output);
    }
}
