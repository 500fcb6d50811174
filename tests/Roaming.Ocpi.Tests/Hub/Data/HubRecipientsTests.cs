using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Ocpi.Hub.Broadcast;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Partners;
using Shouldly;

namespace Roaming.Ocpi.Tests.Hub.Data;

public class HubRecipientsTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 10, 0);

    private static HubConnection Connection(string operatorId, string providerId, bool active = true) =>
        new(HubConnection.IdOf(operatorId, providerId), operatorId, providerId, active, Now);

    private static readonly HubConnection[] Connections =
    [
        Connection("NL*TC1", "DE*TK1"),
        Connection("NL*TC2", "DE*TK1", active: false),
        Connection("NL*TC3", "DE*XXX"),
        Connection("NL*TC1", "DE*TK2"),
    ];

    [Theory]
    [InlineData("tokens", "DE*TK1", new[] { "NL*TC1" })]
    [InlineData("tokens", "de*tk2", new[] { "NL*TC1" })]
    [InlineData("tokens", "NL*TC1", new string[0])]
    [InlineData("locations", "NL*TC1", new[] { "DE*TK1", "DE*TK2" })]
    [InlineData("tariffs", "NL*TC2", new string[0])]
    [InlineData("cdrs", "NL*TC3", new[] { "DE*XXX" })]
    public void data_follows_the_active_connections_in_the_modules_direction(string module, string owner, string[] expected) =>
        HubRecipients.ConnectedWith(module, owner, Connections).ShouldBe(expected);

    [Theory]
    [InlineData("tokens", new[] { "NL*TC1" }, new[] { "DE*TK1", "DE*TK2" })]
    [InlineData("tokens", new[] { "NL*TC2" }, new string[0])]
    [InlineData("locations", new[] { "DE*TK1" }, new[] { "NL*TC1" })]
    [InlineData("locations", new[] { "DE*TK1", "DE*XXX" }, new[] { "NL*TC1", "NL*TC3" })]
    public void a_reader_sees_the_owners_connected_with_its_parties(string module, string[] readers, string[] expected) =>
        HubRecipients.VisibleOwners(module, readers, Connections).ShouldBe(expected);

    private static readonly string[] Operators = ["NL*AAA", "NL*BBB", "NL*CCC"];
    private static readonly string[] Providers = ["DE*XXA", "DE*XXB", "DE*XXC"];

    [Property(MaxTest = 200)]
    public Property whoever_gets_an_object_can_read_it_on_the_list_and_no_one_else(bool[] activeFlags, byte ownerSeed, byte readerSeed, bool tokens)
    {
        var connections = Operators.SelectMany(o => Providers.Select(p => (o, p))).Select((pair, i) =>
            Connection(pair.o, pair.p, activeFlags.Length > i && activeFlags[i])).ToList();
        var module = tokens ? "tokens" : "locations";
        var (owners, readers) = tokens ? (Providers, Operators) : (Operators, Providers);
        var owner = owners[ownerSeed % 3];
        var reader = readers[readerSeed % 3];
        var gets = HubRecipients.ConnectedWith(module, owner, connections).Contains(reader);
        var reads = HubRecipients.VisibleOwners(module, [reader], connections).Contains(owner);
        return (gets == reads && gets == connections.Any(c => c.Active && c.OperatorId == (tokens ? reader : owner) && c.ProviderId == (tokens ? owner : reader)))
            .ToProperty();
    }

    private static Partner Platform(string id, string participantId, string role, string party, bool registered = true, bool receivers = true)
    {
        var (cc, pid) = PartyText.Parse(party)!.Value;
        return new Partner(id, id, registered ? PartnerStatus.Registered : PartnerStatus.Unregistered, "hash", null,
            registered ? new SealedToken("key", "nonce", "sealed") : null, true, "http://x/versions",
            receivers ? [.. new[] { "tokens", "locations", "tariffs", "cdrs" }.Select(m => new Roaming.Ocpi.Partners.Endpoint(m, InterfaceRoles.Receiver, $"http://{id}/ocpi/{m}/"))] : [],
            [new CredentialsRole(role, new BusinessDetails(id), pid, cc)], Now, Now, null, participantId);
    }

    private static HubParticipant Participant(string id, string[] operators, string[] providers) => new(id, id, operators, providers, false, Now);

    private static HubObject Token(string type = "RFID") =>
        new(HubObject.KeyFor("tokens", "DE", "TK1", "UID1", type), "tokens", "DE", "TK1", "UID1", "emsp", "{\"uid\":\"UID1\"}",
            Instant.FromUtc(2026, 1, 2, 3, 4), Now);

    [Fact]
    public void each_platform_that_speaks_for_a_connected_party_gets_one_put_from_the_owner_to_that_party()
    {
        var participants = new[]
        {
            Participant("cpo-1", ["NL*TC1"], []), Participant("cpo-2", ["NL*TC2"], []), Participant("cpo-3", ["NL*TC3"], []),
            Participant("emsp", [], ["DE*TK1"]), Participant("cpo-4", [], []),
        }.ToDictionary(p => p.Id);
        Partner[] platforms =
        [
            Platform("p1", "cpo-1", "CPO", "NL*TC1"),
            Platform("p2", "cpo-2", "CPO", "NL*TC2", registered: false),
            Platform("p3", "cpo-3", "CPO", "NL*TC3", receivers: false),
            Platform("p4", "cpo-4", "CPO", "NL*TC1"), // speaks for NL*TC1, but its participant does not own it
            Platform("own", "emsp", "EMSP", "DE*TK1"),
            Platform("p1", "cpo-1", "CPO", "NL*TC1") with { Id = "p1-second", ParticipantId = null }, // an ordinary partner, not a hub platform
        ];

        var planned = HubRecipients.Plan(Token("APP_USER"), "{\"uid\":\"UID1\"}", ["NL*TC1", "NL*TC2", "NL*TC3"], platforms, participants, Now);

        planned.Select(d => (d.PartnerId, d.Method, d.Url, d.FromCountryCode, d.FromPartyId, d.ToCountryCode, d.ToPartyId)).ShouldBe([
            ("p1", "PUT", "http://p1/ocpi/tokens/DE/TK1/UID1?type=APP_USER", "DE", "TK1", "NL", "TC1"),
        ]);
        planned[0].Id.ShouldBe($"p1/{Token("APP_USER").Id}/{Token().LastUpdatedTicks}");
        planned[0].ObjectKey.ShouldBe(Token("APP_USER").Id);
    }

    [Fact]
    public void a_cdr_is_posted_to_the_receiver_url_itself()
    {
        var cdr = new HubObject(HubObject.KeyFor("cdrs", "BE", "CP1", "CDR1"), "cdrs", "BE", "CP1", "CDR1", "", "{}", Now, Now, "DE*TK1");
        var planned = HubRecipients.Plan(cdr, "{}", ["DE*TK1"], [Platform("own", "emsp", "EMSP", "DE*TK1")],
            new Dictionary<string, HubParticipant> { ["emsp"] = Participant("emsp", [], ["DE*TK1"]) }, Now);
        planned.Select(d => (d.Method, d.Url, d.ToPartyId, d.FromPartyId)).ShouldBe([("POST", "http://own/ocpi/cdrs/", "TK1", "CP1")]);
    }

    [Fact]
    public void a_removed_tariff_is_deleted_without_a_body_at_the_platforms_its_versions_went_to_and_a_tariff_put_again_is_sent_again()
    {
        var tariff = new HubObject(HubObject.KeyFor("tariffs", "NL", "TC1", "T1"), "tariffs", "NL", "TC1", "T1", "cpo-1", "{}", Now, Now);
        var participants = new[] { Participant("cpo-1", ["NL*TC1"], []), Participant("emsp", [], ["DE*TK1"]), Participant("emsp-2", [], ["DE*TK2"]) }
            .ToDictionary(p => p.Id);
        Partner[] platforms = [Platform("own", "cpo-1", "CPO", "NL*TC1"), Platform("e1", "emsp", "EMSP", "DE*TK1"), Platform("e2", "emsp-2", "EMSP", "DE*TK2")];
        var removedAt = Now + Duration.FromHours(1);

        var versions = HubRecipients.Plan(tariff, "{}", ["DE*TK1", "DE*TK2"], platforms, participants, Now);
        var removal = HubRecipients.PlanRemoval(tariff, ["DE*TK1", "DE*TK2"], platforms, participants, removedAt);

        removal.Select(d => (d.PartnerId, d.Method, d.Url, d.Body, d.FromPartyId, d.ToPartyId)).ShouldBe([
            ("e1", "DELETE", "http://e1/ocpi/tariffs/NL/TC1/T1", (string?)null, "TC1", "TK1"),
            ("e2", "DELETE", "http://e2/ocpi/tariffs/NL/TC1/T1", (string?)null, "TC1", "TK2"),
        ]);
        removal.Select(d => d.PartnerId).ShouldBe(versions.Select(d => d.PartnerId));
        removal.ShouldAllBe(d => d.ObjectKey == tariff.Id && d.Id == $"{d.PartnerId}/{tariff.Id}/removed-{removedAt.ToUnixTimeTicks()}");
        removal.Select(d => d.Id).ShouldNotContain(id => versions.Any(v => v.Id == id));
        // Put again after its removal with the same last_updated, it is a new tariff and is sent again.
        var recreated = HubRecipients.Plan(tariff with { FirstStoredAt = removedAt }, "{}", ["DE*TK1", "DE*TK2"], platforms, participants, removedAt);
        recreated.Select(d => d.PartnerId).ShouldBe(["e1", "e2"]);
        recreated.Select(d => d.Id).ShouldNotContain(id => versions.Any(v => v.Id == id));
    }

    [Property(MaxTest = 200)]
    public Property a_platform_gets_one_delivery_addressed_to_a_party_its_participant_owns_and_the_owner_none(bool[] owns, bool[] speaks, bool[] callable)
    {
        string[] parties = ["NL*TC1", "NL*TC2", "NL*TC3"];
        var participants = new Dictionary<string, HubParticipant> { ["emsp"] = Participant("emsp", [], ["DE*TK1"]) };
        var platforms = new List<Partner> { Platform("own", "emsp", "EMSP", "DE*TK1") };
        for (var i = 0; i < parties.Length; i++)
        {
            var participantId = $"cpo-{i}";
            participants[participantId] = Participant(participantId, Flag(owns, i) ? [parties[i]] : [], []);
            platforms.Add(Platform($"p{i}", participantId, "CPO", Flag(speaks, i) ? parties[i] : "NL*ZZZ", registered: Flag(callable, i, true)));
        }
        var planned = HubRecipients.Plan(Token(), "{}", parties, platforms, participants, Now);
        var expected = Enumerable.Range(0, parties.Length).Where(i => Flag(owns, i) && Flag(speaks, i) && Flag(callable, i, true)).Select(i => $"p{i}").ToList();
        return (planned.Select(d => d.PartnerId).SequenceEqual(expected)
                && planned.All(d => parties[int.Parse(d.PartnerId[1..])] == $"{d.ToCountryCode}*{d.ToPartyId}")
                && planned.All(d => (d.FromCountryCode, d.FromPartyId) == ("DE", "TK1"))).ToProperty();
    }

    private static bool Flag(bool[] flags, int index, bool otherwise = false) => flags.Length > index ? flags[index] : otherwise;
}
