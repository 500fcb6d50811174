using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Roaming.Ocpi.Hub;
using Roaming.Ocpi.Hub.Clients;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Hub.Forwarding;
using Roaming.Ocpi.Hub.Joining;
using Roaming.Ocpi.Partners;
using Roaming.Testing;
using Shouldly;
using static Roaming.Ocpi.Tests.Hub.HubRoutingDecisionTests;

namespace Roaming.Ocpi.Tests.Hub;

/// <summary>The hub's other pure rules: which roles a platform may claim, client statuses, Link rewriting, command callbacks, pushed objects.</summary>
public class HubRulesTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 1, 10, 0);
    private static readonly HubParticipant Both = new("P-1", "Both", ["NL*CPO", "NL*ABC"], ["NL*MSP"], false, At);

    private static CredentialsRole Role(string role, string party) => new(role, new BusinessDetails("x"), party[3..], party[..2]);

    [Theory]
    [InlineData("CPO", "NL*CPO", null)]
    [InlineData("CPO", "nl*abc", null)]
    [InlineData("EMSP", "NL*MSP", null)]
    [InlineData("EMSP", "NL*CPO", "roles[1]: role EMSP NL*CPO is not one of participant P-1's Provider-IDs")]
    [InlineData("CPO", "NL*MSP", "roles[1]: role CPO NL*MSP is not one of participant P-1's Operator-IDs")]
    [InlineData("CPO", "DE*XYZ", "roles[1]: role CPO DE*XYZ is not one of participant P-1's Operator-IDs")]
    [InlineData("NSP", "NL*MSP", null)]
    [InlineData("NSP", "DE*XYZ", "roles[1]: role NSP DE*XYZ is not one of participant P-1's Operator- or Provider-IDs")]
    public void APlatformClaimsOnlyItsParticipantsParties(string role, string party, string? refusal) =>
        HubCredentials.RefuseRoles(Both, [Role("CPO", "NL*CPO"), Role(role, party)]).ShouldBe(refusal);

    [Fact]
    public void AParticipantTheHubNoLongerKnowsClaimsNothing() =>
        HubCredentials.RefuseRoles(null, [Role("CPO", "NL*CPO")]).ShouldNotBeNull();

    [Fact]
    public void ClientStatusesFollowThePlatforms()
    {
        var planned = HubRoutingDecisionTests.Platform("planned", "P-PLN", PartnerStatus.Created);
        var view = Directory() with
        {
            Participants = [.. Directory().Participants, new HubParticipant("P-PLN", "Planned", ["NL*PLN"], [], false, At)],
            Platforms = [.. Directory().Platforms, planned],
        };
        var statuses = HubClients.Statuses(view, ["msp-platform"]).ToDictionary(s => $"{s.Party}/{s.Role}", s => s.Status);
        statuses.ShouldBe(new Dictionary<string, string>
        {
            ["NL*CPO/CPO"] = "CONNECTED", ["NL*MSP/EMSP"] = "OFFLINE", ["NL*LON/CPO"] = "CONNECTED", ["DE*OCH/CPO"] = "CONNECTED",
            ["NL*GON/EMSP"] = "SUSPENDED", ["NL*PLN/CPO"] = "PLANNED",
        }, ignoreOrder: true);
    }

    [Fact]
    public void OnlyChangedStatusesArePublishedAgain()
    {
        var published = new Dictionary<string, HubClientStatus>
        {
            ["NL*CPO/CPO"] = new("NL*CPO/CPO", "CPO", "NL", "CPO", "CONNECTED", At),
            ["NL*MSP/EMSP"] = new("NL*MSP/EMSP", "MSP", "NL", "EMSP", "CONNECTED", At),
        };
        var later = At + Duration.FromMinutes(1);
        var changes = HubClients.Changes([("NL*CPO", "CPO", "CONNECTED"), ("NL*MSP", "EMSP", "OFFLINE"), ("NL*NEW", "CPO", "PLANNED")], published, later);
        changes.Select(c => (c.Id, c.CountryCode, c.PartyId, c.Status, c.LastUpdated)).ShouldBe(
            [("NL*MSP/EMSP", "NL", "MSP", "OFFLINE", later), ("NL*NEW/CPO", "NL", "NEW", "PLANNED", later)]);
    }

    [Theory]
    [InlineData("<http://cpo/ocpi/cpo/2.2.1/locations?offset=10&limit=10>; rel=\"next\"", "<http://hub/ocpi/hub/2.2.1/sender/locations?offset=10&limit=10>; rel=\"next\"")]
    [InlineData("<http://cpo/ocpi/cpo/2.2.1/locations/?offset=10>; rel=\"next\"", "<http://hub/ocpi/hub/2.2.1/sender/locations/?offset=10>; rel=\"next\"")]
    [InlineData("<http://elsewhere/list?offset=10>; rel=\"next\"", "<http://elsewhere/list?offset=10>; rel=\"next\"")]
    public void TheReceiversLinkIsMovedToTheHub(string link, string expected) =>
        ForwardedAnswer.RewriteLink(link, "http://cpo/ocpi/cpo/2.2.1/locations/", "http://hub/ocpi/hub/2.2.1/sender/locations").ShouldBe(expected);

    [Theory]
    [InlineData("{\"data\":[1,2],\"status_code\":2001,\"status_message\":\"no\"}", 2001)]
    [InlineData("{\"status_code\":1000}", 1000)]
    [InlineData("{\"data\":{\"status_code\":5},\"timestamp\":\"x\"}", null)]
    [InlineData("not json", null)]
    [InlineData("", null)]
    public void TheReceiversStatusCodeIsReadFromTheTopLevel(string body, int? expected) =>
        ForwardedAnswer.StatusCodeOf(Encoding.UTF8.GetBytes(body)).ShouldBe(expected);

    [Fact]
    public void AStartSessionGetsTheHubsCallbackUrlAndTheOriginalIsKept()
    {
        var call = Call(MspPlatform, "NL*MSP", "NL*CPO", "commands", "RECEIVER", "POST", "START_SESSION");
        var body = """{"response_url":"https://msp.example/commands/START_SESSION/42","token":{"uid":"X"},"location_id":"LOC1"}"""u8.ToArray();
        var (rewritten, callback) = CommandCallbacks.Rewrite(call, CpoPlatform, body, "https://hub.example", "cb1", At);
        var json = JsonNode.Parse(rewritten)!;
        json["response_url"]!.GetValue<string>().ShouldBe("https://hub.example/ocpi/hub/2.2.1/callbacks/cb1");
        json["location_id"]!.GetValue<string>().ShouldBe("LOC1");
        callback.ShouldBe(new HubCommandCallback("cb1", "START_SESSION", "https://msp.example/commands/START_SESSION/42", "msp-platform", "cpo-platform",
            "NL*MSP", "NL*CPO", At));
    }

    [Fact]
    public void OtherCallsKeepTheirBody()
    {
        var body = """{"response_url":"https://msp.example/x"}"""u8.ToArray();
        CommandCallbacks.Rewrite(Call(MspPlatform, "NL*MSP", "NL*CPO", "tokens", "SENDER", "POST", "START_SESSION"), CpoPlatform, body, "h", "i", At)
            .Callback.ShouldBeNull();
        CommandCallbacks.Rewrite(Call(MspPlatform, "NL*MSP", "NL*CPO", "commands", "RECEIVER", "POST", "START_SESSION"), CpoPlatform, "{}"u8.ToArray(), "h", "i", At)
            .Callback.ShouldBeNull();
    }

    [Fact]
    public void APushedLocationFailingOcpisRulesIsRefusedWithTheField()
    {
        var location = SpecExamples.ReadObject("location_example.json");
        location["country_code"] = "NL";
        location["party_id"] = "CPO";
        PushedObjectRules.Refuse(Call(CpoPlatform, "NL*CPO", "NL*MSP", "locations", "RECEIVER", "PUT", "NL", "CPO", "LOC1"), Element(location)).ShouldBeNull();

        location.Remove("address");
        PushedObjectRules.Refuse(Call(CpoPlatform, "NL*CPO", "NL*MSP", "locations", "RECEIVER", "PUT", "NL", "CPO", "LOC1"), Element(location))!
            .ShouldContain("address");
        location["address"] = "Somewhere 1";
        PushedObjectRules.Refuse(Call(CpoPlatform, "NL*CPO", "NL*MSP", "locations", "RECEIVER", "PUT", "NL", "CPO", "LOC2"), Element(location))!
            .ShouldContain("id: 'LOC1' differs from 'LOC2'");
    }

    private static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

    [Theory]
    [InlineData("00:00:00", "Roaming:Ocpi:Hub:ForwardTimeout is 00:00:00")]
    [InlineData("00:10:00", "Roaming:Ocpi:Hub:ForwardTimeout is 00:10:00")]
    public void AForwardTimeoutThatCouldHangOrNeverWaitIsRefusedAtStart(string timeout, string message) =>
        Should.Throw<ArgumentException>(() => new HubOptions { ForwardTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) }.Validate())
            .Message.ShouldStartWith(message);

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    public void ACommandCallbackLifetimeThatIsNotPositiveIsRefusedAtStart(string lifetime) =>
        Should.Throw<ArgumentException>(() => new HubOptions { CommandCallbackLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) }
            .Validate()).Message.ShouldStartWith($"Roaming:Ocpi:Hub:CommandCallbackLifetime is {lifetime}");

    [Fact]
    public void ACallbackExpiresItsLifetimeAfterTheCommandWasForwarded() =>
        new HubCommandCallback("cb1", "START_SESSION", "u", "m", "c", "NL*MSP", "NL*CPO", At).ExpiresAt(TimeSpan.FromDays(1)).ShouldBe(At + Duration.FromDays(1));
}
