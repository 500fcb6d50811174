using NodaTime;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Pushing;
using Shouldly;

using Roaming.Testing;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Tests.Pushing;

public class DeliveryPlannerTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);

    private static Partner Emsp(string party) => new($"partner-{party}", party, PartnerStatus.Registered, "h", null, new SealedToken("k", "", ""), true, "https://x/versions",
        [new Endpoint("sessions", "RECEIVER", $"https://{party}.example/ocpi/2.2.1/sessions/"), new Endpoint("locations", "RECEIVER", $"https://{party}.example/loc"),
         new Endpoint("tokens", "RECEIVER", $"https://{party}.example/tokens")],
        [new CredentialsRole("EMSP", new BusinessDetails(party), party, "NL")], Now, Now);

    private static OcpiObject Own(string module, string id, string? sharedWith = null, string? tokenType = null) =>
        new(OcpiObject.KeyFor(module, "NL", "CPO", id, tokenType), module, "NL", "CPO", id, Owners.Self, "{}", Now, Now, sharedWith is null ? null : "NL", sharedWith);

    [Fact]
    public void SessionsGoOnlyToThePlatformOfTheTokensParty()
    {
        var planned = DeliveryPlanner.Plan([Emsp("MSP"), Emsp("OTH")], Own(Modules.Sessions, "S1", sharedWith: "MSP"), "PUT", "NL/CPO/S1", "{}", "k", Now);
        planned.ShouldHaveSingleItem().Url.ShouldBe("https://MSP.example/ocpi/2.2.1/sessions/NL/CPO/S1");
        planned[0].ToPartyId.ShouldBe("MSP");
    }

    [Fact]
    public void LocationsGoToEveryReceiverAndTheSameMessageKeyPlansTheSameDelivery()
    {
        var planned = DeliveryPlanner.Plan([Emsp("MSP"), Emsp("OTH")], Own(Modules.Locations, "L1"), "PUT", "NL/CPO/L1", "{}", "LOCATIONS/NL/CPO/L1/m1", Now);
        planned.Select(d => d.Id).ShouldBe(["partner-MSP/LOCATIONS/NL/CPO/L1/m1", "partner-OTH/LOCATIONS/NL/CPO/L1/m1"]);
    }

    [Fact]
    public void TokensOtherThanRfidAreAddressedWithTheirType()
    {
        DeliveryPlanner.Plan([Emsp("MSP")], Own(Modules.Tokens, "APP-1", tokenType: "APP_USER"), "PUT", "NL/CPO/APP-1", "{}", "k", Now)
            .Single().Url.ShouldBe("https://MSP.example/tokens/NL/CPO/APP-1?type=APP_USER");
        DeliveryPlanner.Plan([Emsp("MSP")], Own(Modules.Tokens, "RFID-1", tokenType: "RFID"), "PUT", "NL/CPO/RFID-1", "{}", "k", Now)
            .Single().Url.ShouldBe("https://MSP.example/tokens/NL/CPO/RFID-1");
    }

    [Fact]
    public void ATokenPushedUnderAnotherTypeThanItsBodyIsRefused()
    {
        var body = System.Text.Json.JsonDocument.Parse(SpecExamples.ReadElement("token_example_1_app_user.json").GetRawText()).RootElement;
        var address = new ObjectAddress(Modules.Tokens, body.GetProperty("country_code").GetString()!, body.GetProperty("party_id").GetString()!,
            body.GetProperty("uid").GetString()!, "RFID");
        ReceivedObjects.Mismatch(address, body).ShouldNotBeNull().ShouldStartWith("type:");
        ReceivedObjects.Mismatch(address with { TokenType = "APP_USER" }, body).ShouldBeNull();
    }
}

public class DeliveryPlannerThroughAHubTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);

    [Fact]
    public void ACdrOfAPartyBehindAHubGoesToTheHubAddressedToThatParty()
    {
        var hub = new Partner("hub", "Hub", PartnerStatus.Registered, "h", null, new SealedToken("k", "", ""), true, "https://hub.example/versions",
            [new Endpoint("cdrs", "RECEIVER", "https://hub.example/cdrs")], [new CredentialsRole("HUB", new BusinessDetails("Hub"), "HUB", "DE")],
            Now, Now, [new HubClientParty("NL", "ABC", "EMSP", "CONNECTED", Now)]);
        var cdr = new OcpiObject(OcpiObject.KeyFor(Modules.Cdrs, "NL", "CPO", "C1"), Modules.Cdrs, "NL", "CPO", "C1", Owners.Self, "{}", Now, Now, "NL", "ABC");
        var planned = DeliveryPlanner.Plan([hub], cdr, "POST", "", "{}", "k", Now).ShouldHaveSingleItem();
        (planned.Url, planned.ToCountryCode, planned.ToPartyId).ShouldBe(("https://hub.example/cdrs", "NL", "ABC"));
    }
}
