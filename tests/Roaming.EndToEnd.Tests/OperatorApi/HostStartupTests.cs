using System.Net;
using Roaming.Testing;
using Shouldly;

namespace Roaming.EndToEnd.Tests.OperatorApi;

/// <summary>How <c>roaming run</c> starts: subsets of services, and a clear failure without PostgreSQL.</summary>
public class HostStartupTests
{
    [Fact]
    public async Task services_starts_only_the_named_subset()
    {
        await using var tokensOnly = await RoamingProcess.Start("roaming_e2e_subset", "--services", "tokens");

        (await tokensOnly.Api.GetAsync("/api/locations")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await tokensOnly.Api.PutAsync("/api/tokens/T1", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task without_postgres_it_says_where_it_looked_and_exits_non_zero()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(TestServers.RepositoryRoot, "services", "Roaming.Host", "bin", configuration, "net10.0", "roaming.dll");
        await using var roaming = ChildProcess.Start("dotnet", [dll, "run", "--urls", $"http://127.0.0.1:{TestServers.FreeTcpPort()}"],
            new Dictionary<string, string> { ["ROAMING_POSTGRES"] = "Host=127.0.0.1;Port=1;Database=nowhere;Username=postgres;Timeout=3" });

        var exitCode = await roaming.WaitForExit(TimeSpan.FromSeconds(60));

        exitCode.ShouldBe(2);
        roaming.Output.ShouldContain("127.0.0.1:1");
        roaming.Output.ShouldContain("infra/local/postgres start");
    }

    [Fact]
    public async Task an_unknown_service_is_refused_with_the_known_ones()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(TestServers.RepositoryRoot, "services", "Roaming.Host", "bin", configuration, "net10.0", "roaming.dll");
        await using var roaming = ChildProcess.Start("dotnet", [dll, "run", "--services", "billing"]);

        (await roaming.WaitForExit(TimeSpan.FromSeconds(60))).ShouldNotBe(0);
        roaming.Output.ShouldContain("billing");
        roaming.Output.ShouldContain("charging");
    }

    [Theory]
    [InlineData("ROAMING_PARTY", "Netherlands*TNM", "Roaming:Party")]
    [InlineData("Roaming__Ocpi__Roles__0", "HUB", "Roaming:Ocpi:Roles")]
    [InlineData("Roaming__Ocpi__BusinessDetails__Website", "charging.example", "Roaming:Ocpi:BusinessDetails:Website")]
    public async Task a_bad_setting_stops_the_start_naming_the_setting(string variable, string value, string named)
    {
        await using var roaming = Roaming.Testing.ChildProcess.Start("dotnet",
            [RoamingProcess.Executable, "run", "--urls", $"http://127.0.0.1:{TestServers.FreeTcpPort()}"],
            new Dictionary<string, string> { [variable] = value, ["ROAMING_POSTGRES"] = "Host=127.0.0.1;Port=1;Database=nowhere;Username=postgres;Timeout=3" });

        (await roaming.WaitForExit(TimeSpan.FromSeconds(60))).ShouldBe(1, roaming.Output);
        roaming.Output.ShouldContain(named);
        roaming.Output.ShouldContain(value);
    }
}
