using System.Text.Json;
using NodaTime;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Ocpi.Versions;
using Roaming.Platform.Validation;
using Shouldly;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Ocpi.Tests.Partners;

public class PartnerTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);

    private static readonly TokenVault Vault = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), []);

    private static TheirCredentials Theirs(string token, IReadOnlyList<CredentialsRole> roles) =>
        TheirCredentials.Sealed(new OcpiCredentials(token, "https://p.example/versions", roles), Vault);

    private static Partner Registered(string role) =>
        Partner.From(new PartnerCreated("p1", "Partner", TokenHash.Of("token-a"), Now))
            .Evolve(new PartnerRegistered("p1", Theirs("token-b",
                [new CredentialsRole(role, new BusinessDetails("P"), "HUB", "DE")]), [], TokenHash.Of("token-c"), true, Now));

    [Fact]
    public void GivenTokenA_WhenThePartnerRegisters_ThenOnlyTokenCIsAccepted()
    {
        var created = Partner.From(new PartnerCreated("p1", "Partner", TokenHash.Of("token-a"), Now));
        created.Status.ShouldBe(PartnerStatus.Created);
        var registered = Registered("CPO");
        registered.AcceptedTokenHash.ShouldBe(TokenHash.Of("token-c"));
        Vault.Open(registered.TheirToken!).ShouldBe("token-b");
        registered.CanBeCalled.ShouldBeTrue();
    }

    [Fact]
    public void GivenARotationInFlight_ThenBothTokensAreAcceptedUntilItEnds()
    {
        var rotating = Registered("CPO").Evolve(new CredentialsRotationStarted("p1", TokenHash.Of("token-c2"), Now));
        (rotating.AcceptedTokenHash, rotating.PendingTokenHash).ShouldBe((TokenHash.Of("token-c"), TokenHash.Of("token-c2")));
        var rotated = rotating.Evolve(new CredentialsRotated("p1", Theirs("token-b2", rotating.Roles), Now));
        (rotated.AcceptedTokenHash, rotated.PendingTokenHash, Vault.Open(rotated.TheirToken!)).ShouldBe((TokenHash.Of("token-c2"), null, "token-b2"));
        var abandoned = rotating.Evolve(new CredentialsRotationAbandoned("p1", "HTTP 500", Now));
        (abandoned.AcceptedTokenHash, abandoned.PendingTokenHash).ShouldBe((TokenHash.Of("token-c"), null));
    }

    [Fact]
    public void GivenUnregistered_ThenNoTokenIsAcceptedAndNothingIsSent()
    {
        var gone = Registered("CPO").Evolve(new PartnerUnregistered("p1", "partner", Now));
        (gone.AcceptedTokenHash, gone.CanBeCalled).ShouldBe((null, false));
    }

    [Fact]
    public void AHubSpeaksForItsConnectedClientsOnly()
    {
        var hub = Registered("HUB")
            .Evolve(new HubClientReported("p1", new HubClientParty("NL", "ABC", "EMSP", "CONNECTED", Now), Now))
            .Evolve(new HubClientReported("p1", new HubClientParty("BE", "XYZ", "CPO", "SUSPENDED", Now), Now));
        hub.SpeaksFor("nl", "abc").ShouldBeTrue();
        hub.SpeaksFor("BE", "XYZ").ShouldBeFalse();
        hub.SpeaksFor("DE", "HUB").ShouldBeTrue();

        var offline = hub.Evolve(new HubClientReported("p1", new HubClientParty("NL", "ABC", "EMSP", "OFFLINE", Now), Now));
        offline.SpeaksFor("NL", "ABC").ShouldBeFalse();
        offline.HubClients!.Count.ShouldBe(2);
    }

    [Fact]
    public void RequestsThroughAHubAreAddressedToThePartyBehindIt()
    {
        var hub = Registered("HUB").Evolve(new HubClientReported("p1", new HubClientParty("NL", "ABC", "CPO", "CONNECTED", Now), Now));
        hub.Addressee("CPO").ShouldBe(("NL", "ABC"));
        hub.Addressee("EMSP").ShouldBe(("DE", "HUB"));
        hub.Addressee("CPO", ("NL", "XYZ")).ShouldBeNull();
        var two = hub.Evolve(new HubClientReported("p1", new HubClientParty("NL", "DEF", "CPO", "CONNECTED", Now), Now));
        two.Addressee("CPO").ShouldBe(("DE", "HUB"), "with two clients in the role, the hub routes");
        two.Addressee("CPO", ("nl", "def")).ShouldBe(("nl", "def"));
        Registered("CPO").Addressee("CPO").ShouldBe(("DE", "HUB"));
        PartyText.Parse("nl*abc").ShouldBe(("NL", "ABC"));
        PartyText.Parse("NLABC").ShouldBeNull();
    }

    [Fact]
    public void AHubForwardingForOneClientSpeaksForThatClientOnly()
    {
        var hub = Registered("HUB")
            .Evolve(new HubClientReported("p1", new HubClientParty("NL", "ABC", "EMSP", "CONNECTED", Now), Now))
            .Evolve(new HubClientReported("p1", new HubClientParty("NL", "DEF", "EMSP", "CONNECTED", Now), Now));
        var forwarding = hub.ForwardingFor(hub.ConnectedClient("NL", "ABC")!);
        (forwarding.SpeaksFor("NL", "ABC"), forwarding.SpeaksFor("NL", "DEF"), forwarding.SpeaksFor("DE", "HUB")).ShouldBe((true, false, false));
    }

    [Fact]
    public void OnlyAHubReportsClientInfo()
    {
        var body = JsonDocument.Parse("""{"country_code":"NL","party_id":"ABC","role":"EMSP","status":"CONNECTED","last_updated":"2026-11-24T10:00:00Z"}""").RootElement;
        HubClientInfo.Refuse(Registered("CPO"), "NL", "ABC", body, new FieldErrors())!.HttpStatus.ShouldBe(System.Net.HttpStatusCode.NotFound);
        HubClientInfo.Refuse(Registered("HUB"), "NL", "ABC", body, new FieldErrors()).ShouldBeNull();
        HubClientInfo.Refuse(Registered("HUB"), "NL", "XYZ", body, new FieldErrors())!.StatusCode.ShouldBe(OcpiStatus.InvalidOrMissingParameters);
    }
}
