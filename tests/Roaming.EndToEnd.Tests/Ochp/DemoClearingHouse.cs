using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Roaming.Testing;
using Shouldly;

namespace Roaming.EndToEnd.Tests.Ochp;

/// <summary>
/// What the README promises a newcomer: <c>roaming run --demo</c> seeds a clearing house with two OCHP participants,
/// and <c>tests/ochp-client/try_demo.py</c> (Python zeep, independent of our SOAP code) connects to it as both: the
/// e-MSP's token reaches the connected CPO and the CPO's EVSE status reaches the e-MSP. Then
/// <c>tests/ochp-client/try_hub.py</c> joins the hub as the OCPI e-MSP participant (plain HTTP) and receives the OCHP
/// CPO's charge point as an OCPI Location and its CDR, accepted by the clearing house, as an OCPI CDR.
/// </summary>
public class DemoClearingHouse
{
    [Fact]
    public async Task the_demo_clearing_house_serves_the_readme_client()
    {
        await using var roaming = await RoamingProcess.Start("roaming_e2e_demo_chs", "--demo");

        // The demo seeds through the operator API after start; its participants (and the OCHP service's copy of their
        // logins) are there once the own party's participant is.
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(60));
        JsonArray participants = [];
        while (participants.Count < 4 && DateTime.UtcNow < deadline)
        {
            participants = await roaming.Api.GetFromJsonAsync<JsonArray>("/api/clearing/participants") ?? [];
            if (participants.Count < 4)
                await Task.Delay(200);
        }
        participants.Select(p => p!["id"]!.GetValue<string>()).Order().ShouldBe(["demo-cpo", "demo-emsp", "demo-ocpi-emsp", "roaming"]);

        // The OCHP service learns the logins from Clearing's messages: until it has, the first call is not authorized,
        // so the script runs again (every step of it is idempotent) until the e-MSP's token has reached the CPO.
        string output = "";
        while (DateTime.UtcNow < deadline + TimeSpan.FromSeconds(60))
        {
            await using var script = ChildProcess.Start("/usr/bin/python3",
                [Path.Combine(TestServers.RepositoryRoot, "tests", "ochp-client", "try_demo.py"), roaming.Url]);
            var exitCode = await script.WaitForExit(TimeSpan.FromMinutes(2));
            output = script.Output;
            // Not authorized yet, the script stops at the first answer it cannot read: run it again.
            if (exitCode != 0 && output.Contains("not-authorized"))
            {
                await Task.Delay(500);
                continue;
            }
            exitCode.ShouldBe(0, output);
            if (output.Contains("CPO sees tokens: [('04A1B2C3D4E5F6'"))
                break;
            await Task.Delay(500);
        }

        output.ShouldContain("e-MSP uploads a token: ok");
        output.ShouldContain("CPO sees tokens: [('04A1B2C3D4E5F6', 'DE-MSP-C00000001-W')]");
        output.ShouldContain("CPO sends a status: ok");
        output.ShouldContain("e-MSP sees statuses: [('DE*CPO*E0001', 'available', 'available')]");

        // The OCPI participant: the script is its platform, registers with the hub and waits for what the hub pushes.
        await using var hub = ChildProcess.Start("/usr/bin/python3", [Path.Combine(TestServers.RepositoryRoot, "tests", "ochp-client", "try_hub.py"), roaming.Url, RoamingProcess.AdminKey],
            new Dictionary<string, string> { ["ROAMING_TEST_PATIENCE"] = Patience.Factor.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        (await hub.WaitForExit(TimeSpan.FromMinutes(3))).ShouldBe(0, hub.Output);
        hub.Output.ShouldContain("OCPI e-MSP registered with the hub, which is: [('HUB', 'NL', 'TNM')]");
        hub.Output.ShouldContain("OCHP CPO uploads a CDR for NL-OEM-C00000001: ok");
        hub.Output.ShouldContain("OCPI e-MSP receives a Location: BERLIN-0001 Invalidenstrasse 1 Berlin");
        hub.Output.ShouldContain("OCPI e-MSP receives a CDR: DECPO");
        hub.Output.ShouldContain("6.3 EUR 18.0 kWh at DE*CPO*E0001");
    }
}
