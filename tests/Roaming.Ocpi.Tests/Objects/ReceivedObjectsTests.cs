using System.Net;
using System.Text.Json;
using NodaTime;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Shouldly;

using Roaming.Testing;

namespace Roaming.Ocpi.Tests.Objects;

public class ReceivedObjectsTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);

    public static readonly Partner Cpo = new("partner-1", "Example CPO", PartnerStatus.Registered, "hash", null, new SealedToken("k", "", ""), true,
        "https://cpo.example/ocpi/versions", [], [new CredentialsRole("CPO", new BusinessDetails("Example"), "EXA", "NL"), new CredentialsRole("CPO", new BusinessDetails("Example"), "STK", "NL")], Now, Now);

    private static JsonElement Session(Action<System.Text.Json.Nodes.JsonObject>? change = null)
    {
        var session = System.Text.Json.Nodes.JsonNode.Parse(SpecExamples.ReadElement("session_example_1_simple_start.json").GetRawText())!.AsObject();
        change?.Invoke(session);
        return JsonDocument.Parse(session.ToJsonString()).RootElement.Clone();
    }

    private static ObjectAddress Address(JsonElement session, string? cc = null) => new(Modules.Sessions,
        cc ?? session.GetProperty("country_code").GetString()!, session.GetProperty("party_id").GetString()!, session.GetProperty("id").GetString()!);

    [Fact]
    public void GivenAPushUnderAPartyOfAnotherPlatform_ThenHttp404AndNothingStored()
    {
        var session = Session(s => { s["country_code"] = "DE"; });
        var reception = ReceivedObjects.Put(Cpo, Address(session), session, ModuleObjectRules.Session, null, Now);
        reception.Stored.ShouldBeNull();
        reception.Refusal!.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void GivenANewSession_ThenCreated201()
    {
        var session = Session();
        var reception = ReceivedObjects.Put(Cpo, Address(session), session, ModuleObjectRules.Session, null, Now);
        reception.Stored!.Owner.ShouldBe(Cpo.Id);
        ReceivedObjects.Answer(reception).HttpStatus.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("kwh", "\"eleven\"", "kwh")]
    [InlineData("status", "\"FINISHED\"", "status")]
    [InlineData("id", "\"0123456789012345678901234567890123456789\"", "id")]
    [InlineData("start_date_time", "\"2026-11-24T10:00:00+01:00\"", "start_date_time")]
    public void GivenBadFields_Then2001NamingTheFieldAndNothingStored(string field, string json, string named)
    {
        var session = Session(s => s[field] = System.Text.Json.Nodes.JsonNode.Parse(json));
        var reception = ReceivedObjects.Put(Cpo, Address(Session()), session, ModuleObjectRules.Session, null, Now);
        reception.Stored.ShouldBeNull();
        reception.Refusal!.HttpStatus.ShouldBe(HttpStatusCode.OK);
        reception.Refusal.StatusCode.ShouldBe(OcpiStatus.InvalidOrMissingParameters);
        reception.Refusal.ToJson(Now).ShouldContain(named);
    }

    [Fact]
    public void GivenAMissingRequiredField_Then2001()
    {
        var session = Session(s => s.Remove("cdr_token"));
        ReceivedObjects.Put(Cpo, Address(session), session, ModuleObjectRules.Session, null, Now).Refusal!.ToJson(Now).ShouldContain("cdr_token: is required");
    }

    [Fact]
    public void GivenAPatchWithoutLastUpdated_Then2001AndNothingStored()
    {
        var session = Session();
        var stored = ReceivedObjects.Put(Cpo, Address(session), session, ModuleObjectRules.Session, null, Now).Stored;
        var patch = JsonDocument.Parse("""{"kwh": 12.5}""").RootElement;
        var reception = ReceivedObjects.Patch(Cpo, Address(session), patch, ModuleObjectRules.Session, stored, Now);
        reception.Stored.ShouldBeNull();
        reception.Refusal!.StatusCode.ShouldBe(OcpiStatus.InvalidOrMissingParameters);
    }

    [Fact]
    public void GivenASessionPatchWithChargingPeriods_ThenTheyAreAppended()
    {
        var session = Session();
        var stored = ReceivedObjects.Put(Cpo, Address(session), session, ModuleObjectRules.Session, null, Now).Stored;
        var patch = SpecExamples.ReadElement("session_patch_example_charging_period.json");
        var first = ReceivedObjects.Patch(Cpo, Address(session), patch, ModuleObjectRules.Session, stored, Now).Stored!;
        var second = ReceivedObjects.Patch(Cpo, Address(session), patch, ModuleObjectRules.Session, first, Now).Stored!;
        JsonDocument.Parse(second.Json).RootElement.GetProperty("charging_periods").GetArrayLength()
            .ShouldBe(JsonDocument.Parse(first.Json).RootElement.GetProperty("charging_periods").GetArrayLength() + patch.GetProperty("charging_periods").GetArrayLength());
    }

    [Fact]
    public void GivenAConnectorPut_ThenTheEvseAndLocationLastUpdatedAreBumped()
    {
        var location = System.Text.Json.Nodes.JsonNode.Parse(SpecExamples.ReadElement("location_example.json").GetRawText())!.AsObject();
        location["country_code"] = "NL";
        location["party_id"] = "EXA";
        var json = JsonDocument.Parse(location.ToJsonString()).RootElement;
        var address = new ObjectAddress(Modules.Locations, "NL", "EXA", json.GetProperty("id").GetString()!);
        var stored = ReceivedObjects.Put(Cpo, address, json, ModuleObjectRules.Location, null, Now).Stored!;
        var evse = json.GetProperty("evses")[0];
        var connector = System.Text.Json.Nodes.JsonNode.Parse(evse.GetProperty("connectors")[0].GetRawText())!.AsObject();
        connector["last_updated"] = "2026-11-24T09:00:00Z";
        connector["max_amperage"] = 32;
        var changed = LocationTree.Change(Cpo, address, evse.GetProperty("uid").GetString()!, connector["id"]!.GetValue<string>(),
            JsonDocument.Parse(connector.ToJsonString()).RootElement, patch: false, stored, Now).Stored!;
        var root = JsonDocument.Parse(changed.Json).RootElement;
        root.GetProperty("last_updated").GetString().ShouldBe("2026-11-24T09:00:00Z");
        root.GetProperty("evses")[0].GetProperty("last_updated").GetString().ShouldBe("2026-11-24T09:00:00Z");
        root.GetProperty("evses")[0].GetProperty("connectors")[0].GetProperty("max_amperage").GetInt32().ShouldBe(32);
    }

    [Fact]
    public void GivenACdrAlreadyStored_ThenTheReplayStoresNothing()
    {
        var cdr = System.Text.Json.Nodes.JsonNode.Parse(SpecExamples.ReadElement("cdr_example.json").GetRawText())!.AsObject();
        cdr["country_code"] = "NL";
        cdr["party_id"] = "EXA";
        var body = JsonDocument.Parse(cdr.ToJsonString()).RootElement;
        var first = ReceiveCdr.Decide(Cpo, body, null, Now, out _);
        first.Created.ShouldBeTrue();
        var replay = ReceiveCdr.Decide(Cpo, body, first.Stored, Now, out _);
        replay.Stored.ShouldBeNull();
        replay.Refusal.ShouldBeNull();
    }
}
