using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Pushing;
using Shouldly;

using Roaming.Testing;

namespace Roaming.Ocpi.Tests.Pushing;

/// <summary>
/// Which requests a change becomes, and that they are correct: every case is also replayed through our own receiver
/// (PUT/PATCH merge rules, EVSE/connector levels, period appends), which must end with the current object.
/// </summary>
public class SmallestPushesTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);

    private static readonly Partner Sender = new("cpo", "CPO", PartnerStatus.Registered, "h", null, new SealedToken("k", "", ""), true, "https://cpo/versions", [],
        [new CredentialsRole("CPO", new BusinessDetails("BEC"), "BEC", "BE")], Now, Now);

    private static JsonObject Location() => JsonNode.Parse(SpecExamples.Read("location_example.json"))!.AsObject();

    private static JsonObject Evse(JsonObject location, string uid) =>
        location["evses"]!.AsArray().OfType<JsonObject>().Single(e => e["uid"]!.GetValue<string>() == uid);

    private static JsonObject Connector(JsonObject evse, string id) =>
        evse["connectors"]!.AsArray().OfType<JsonObject>().Single(c => c["id"]!.GetValue<string>() == id);

    public static TheoryData<string, Action<JsonObject>, string[]> LocationChanges => new()
    {
        { "an EVSE status", l => Evse(l, "3256")["status"] = "CHARGING", ["PATCH BE/BEC/LOC1/3256 {\"status\":\"CHARGING\",\"last_updated\":\"2026-11-24T10:00:00Z\"}"] },
        {
            "a connector's power", l => Connector(Evse(l, "3256"), "2")["max_electric_power"] = 11000,
            ["PATCH BE/BEC/LOC1/3256/2 {\"max_electric_power\":11000,\"last_updated\":\"2026-11-24T10:00:00Z\"}"]
        },
        { "the location's name", l => l["name"] = "Gent Noord", ["PATCH BE/BEC/LOC1 {\"name\":\"Gent Noord\",\"last_updated\":\"2026-11-24T10:00:00Z\"}"] },
        {
            "a new EVSE", l => l["evses"]!.AsArray().Add(Evse(Location(), "3257").DeepClone().AsObject().Also(e => e["uid"] = "3258")),
            ["PUT BE/BEC/LOC1/3258"]
        },
        {
            "a new connector", l => Evse(l, "3257")["connectors"]!.AsArray().Add(Connector(Evse(Location(), "3257"), "1").DeepClone().AsObject().Also(c => c["id"] = "2")),
            ["PUT BE/BEC/LOC1/3257/2"]
        },
        { "an EVSE field dropped", l => Evse(l, "3256").Remove("floor_level"), ["PUT BE/BEC/LOC1/3256"] },
        { "a connector dropped", l => Evse(l, "3256")["connectors"]!.AsArray().RemoveAt(1), ["PUT BE/BEC/LOC1/3256"] },
        { "an EVSE dropped", l => l["evses"]!.AsArray().RemoveAt(1), ["PUT BE/BEC/LOC1"] },
        { "a location field dropped", l => l.Remove("postal_code"), ["PUT BE/BEC/LOC1"] },
        {
            "status and name at once", l => { l["name"] = "Gent"; Evse(l, "3257")["status"] = "AVAILABLE"; },
            ["PATCH BE/BEC/LOC1 {\"name\":\"Gent\",\"last_updated\":\"2026-11-24T10:00:00Z\"}",
             "PATCH BE/BEC/LOC1/3257 {\"status\":\"AVAILABLE\",\"last_updated\":\"2026-11-24T10:00:00Z\"}"]
        },
        { "only last_updated", _ => { }, [] },
    };

    [Theory]
    [MemberData(nameof(LocationChanges))]
    public void ALocationChangeIsTheSmallestCorrectRequest(string change, Action<JsonObject> apply, string[] expected)
    {
        var pushed = Location();
        var current = Location();
        apply(current);
        current["last_updated"] = "2026-11-24T10:00:00Z";

        var pushes = SmallestPushes.Location(pushed, current, "BE", "BEC");

        pushes.Select(Describe).ShouldBe(expected, change);
        Strip(ReceiveLocation(pushed, pushes))!.ToJsonString().ShouldBe(Strip(current)!.ToJsonString(), change);
    }

    [Fact]
    public void AReceiverThatNeverGotTheLocationGetsItWhole() =>
        SmallestPushes.Location(null, Location(), "BE", "BEC").Select(Describe).ShouldBe(["PUT BE/BEC/LOC1"]);

    [Fact]
    public void AnEvsePatchIsNeverOlderThanTheConnectorItCarries()
    {
        var current = Location();
        current["last_updated"] = "2026-11-24T10:00:00Z";
        var connector = Connector(Evse(current, "3256"), "1");
        connector["max_amperage"] = 32;
        connector["last_updated"] = "2026-11-24T11:00:00Z";
        var patch = SmallestPushes.Location(Location(), current, "BE", "BEC").ShouldHaveSingleItem();
        JsonNode.Parse(patch.Body!)!["last_updated"]!.GetValue<string>().ShouldBe("2026-11-24T11:00:00Z");
    }

    private static JsonObject Active()
    {
        var session = JsonNode.Parse(SpecExamples.Read("session_example_2_short_finished.json"))!.AsObject();
        session["status"] = "ACTIVE";
        session["kwh"] = 0;
        session.Remove("end_date_time");
        session.Remove("total_cost");
        session["charging_periods"] = new JsonArray(session["charging_periods"]![0]!.DeepClone());
        session["last_updated"] = "2015-06-29T22:39:09Z";
        return session;
    }

    [Fact]
    public void MoreEnergyIsAPatchOfKwh()
    {
        var current = Active();
        current["kwh"] = 2.5m;
        current["last_updated"] = "2015-06-29T22:50:00Z";
        SmallestPushes.Session(Active(), current, "BE", "BEC").Select(Describe)
            .ShouldBe(["PATCH BE/BEC/101 {\"kwh\":2.5,\"last_updated\":\"2015-06-29T22:50:00Z\"}"]);
    }

    [Fact]
    public void CompletionPatchesEveryChangedFieldAndAppendsOnlyTheNewPeriods()
    {
        var completed = JsonNode.Parse(SpecExamples.Read("session_example_2_short_finished.json"))!.AsObject();
        completed["auth_method"] = "AUTH_REQUEST";
        completed["authorization_reference"] = "AUTH-1";

        var patch = SmallestPushes.Session(Active(), completed, "BE", "BEC").ShouldHaveSingleItem();

        patch.Method.ShouldBe("PATCH");
        var body = JsonNode.Parse(patch.Body!)!.AsObject();
        body.Select(f => f.Key).Order().ShouldBe(["auth_method", "authorization_reference", "charging_periods", "end_date_time", "kwh", "last_updated",
            "status", "total_cost"]);
        body["status"]!.GetValue<string>().ShouldBe("COMPLETED");
        body["total_cost"]!["incl_vat"]!.GetValue<decimal>().ShouldBe(9.35m);
        body["charging_periods"]!.AsArray().Select(p => p!["start_date_time"]!.GetValue<string>())
            .ShouldBe(["2015-06-29T22:40:54Z", "2015-06-29T23:07:09Z"]);
        Strip(ReceiveSession(Active(), patch))!.ToJsonString().ShouldBe(Strip(completed)!.ToJsonString());
    }

    [Fact]
    public void PeriodsThatDoNotExtendThePushedOnesAreAPut()
    {
        var current = Active();
        current["charging_periods"]![0]!["dimensions"]![0]!["volume"] = 999;
        SmallestPushes.Session(Active(), current, "BE", "BEC").ShouldHaveSingleItem().Method.ShouldBe("PUT");
        var dropped = Active();
        dropped.Remove("meter_id");
        dropped["meter_id"] = null;
        SmallestPushes.Session(Active().Also(s => s["meter_id"] = "M1"), dropped, "BE", "BEC").ShouldHaveSingleItem().Method.ShouldBe("PUT");
    }

    private static string Describe(Push push) =>
        $"{push.Method} {string.Join('/', push.Path)}{(push.Method == "PATCH" ? " " + push.Body : "")}";

    /// <summary>Applies the pushes with our receiver's rules, as a partner running Roaming would.</summary>
    private static JsonObject ReceiveLocation(JsonObject pushed, IReadOnlyList<Push> pushes)
    {
        var address = new ObjectAddress(Modules.Locations, "BE", "BEC", "LOC1");
        var stored = ReceivedObjects.Put(Sender, address, Element(pushed), ModuleObjectRules.Location, null, Now).Stored!;
        foreach (var push in pushes)
        {
            var body = Element(JsonNode.Parse(push.Body!)!.AsObject());
            var reception = push.Path.Count == 3
                ? push.Method == "PUT"
                    ? ReceivedObjects.Put(Sender, address, body, ModuleObjectRules.Location, stored, Now)
                    : ReceivedObjects.Patch(Sender, address, body, ModuleObjectRules.Location, stored, Now)
                : LocationTree.Change(Sender, address, push.Path[3], push.Path.Count == 5 ? push.Path[4] : null, body, push.Method == "PATCH", stored, Now);
            reception.Refusal.ShouldBeNull(reception.Refusal?.ToJson(Now));
            stored = reception.Stored!;
        }
        return JsonNode.Parse(stored.Json)!.AsObject();
    }

    private static JsonObject ReceiveSession(JsonObject pushed, Push patch)
    {
        var address = new ObjectAddress(Modules.Sessions, "BE", "BEC", "101");
        var stored = ReceivedObjects.Put(Sender, address, Element(pushed), ModuleObjectRules.Session, null, Now).Stored!;
        var reception = ReceivedObjects.Patch(Sender, address, Element(JsonNode.Parse(patch.Body!)!.AsObject()), ModuleObjectRules.Session, stored, Now);
        reception.Refusal.ShouldBeNull(reception.Refusal?.ToJson(Now));
        return JsonNode.Parse(reception.Stored!.Json)!.AsObject();
    }

    private static JsonElement Element(JsonObject node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

    /// <summary>Without last_updated (the receiver bumps parents) and with properties in name order, so equal objects print equal.</summary>
    private static JsonNode? Strip(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => p.Key != "last_updated").OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Strip(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Strip)]),
        _ => node?.DeepClone(),
    };
}

internal static class JsonNodeChanges
{
    public static T Also<T>(this T node, Action<T> change)
    {
        change(node);
        return node;
    }
}
