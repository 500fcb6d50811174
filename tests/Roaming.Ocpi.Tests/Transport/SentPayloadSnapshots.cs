using System.Text.Json;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ocpi.Commands;
using Roaming.Ocpi.Credentials;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Ocpi.Versions;
using Roaming.Platform.Hosting;
using Snapshooter.Xunit;

using Roaming.Testing;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Tests.Transport;

/// <summary>Snapshots of payloads we send to partners: a change to any of them is a wire change to review.</summary>
public class SentPayloadSnapshots
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);
    private static readonly OwnPlatform Own = new(Microsoft.Extensions.Options.Options.Create(new RoamingOptions { Party = "NL*CPO" }),
        Microsoft.Extensions.Options.Options.Create(new OcpiOptions()));

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void VersionDetailsEnvelope() =>
        Json(OcpiResult.Ok(ImplementedModules.Details("https://roaming.example")).ToJson(Now)).ToString().MatchSnapshot();

    [Fact]
    public void OurCredentials() =>
        OcpiJson.Serialize(Handshake.Ours("token-c", "https://roaming.example", Own)).MatchSnapshot();

    [Fact]
    public void CommandResultOfAnAcceptedStart() =>
        OnChargePointCommandCompleted.CommandResult(new ChargePointCommandCompleted(Guid.Empty, ChargePointCommandStatuses.Accepted, null, "{}"))
            .ToJsonString().MatchSnapshot();

    [Fact]
    public void CommandResultOfATimeout() =>
        OnChargePointCommandCompleted.CommandResult(new ChargePointCommandCompleted(Guid.Empty, ChargePointCommandStatuses.Timeout, "no answer in 30 s", null))
            .ToJsonString().MatchSnapshot();

    [Fact]
    public void ActiveSessionPushedAtStart() =>
        Roaming.Ocpi.Feeding.OwnObjects.ActiveSession(
            new Roaming.Contracts.Charging.V1.ChargingSessionStarted("S-1", "NL", "CPO", "CP-1", "42", "LOC1", "LOC1-E1", "1", "RFID-1", Now),
            new Roaming.Ocpi.Feeding.TokenReference("NL", "MSP", "RFID-1", "RFID", "NL-MSP-C1"), "EUR", Now).Json.MatchSnapshot();

    [Fact]
    public void ActiveSessionStartedByCommandCarriesItsReference() =>
        Roaming.Ocpi.Feeding.OwnObjects.ActiveSession(
            new Roaming.Contracts.Charging.V1.ChargingSessionStarted("S-2", "NL", "CPO", "CP-1", "43", "LOC1", "LOC1-E1", "1", "APP-1", Now,
                AuthMethod: "COMMAND", AuthorizationReference: "AUTH-START-1"),
            new Roaming.Ocpi.Feeding.TokenReference("NL", "MSP", "APP-1", "APP_USER", "NL-MSP-C2"), "EUR", Now).Json.MatchSnapshot();

    [Fact]
    public void LocationReferencesOfARealTimeAuthorization() =>
        Roaming.Ocpi.Tokens.OnAuthorizeTokenInRealTime.LocationReferences(new Roaming.Contracts.Ocpi.V1.AuthorizeTokenInRealTime(
            "NL", "MSP", "RFID-1", "RFID", "LOC1", ["LOC1-E1", "LOC1-E2"], "CP-1"))!.ToJsonString().MatchSnapshot();

    [Fact]
    public void OwnTokenPushedToCpos() =>
        Roaming.Ocpi.Feeding.OwnObjects.Token(new Roaming.Contracts.Tokens.V1.TokenChanged("NL", "MSP", "RFID-1", "RFID", "NL-MSP-C1", "Mobility",
            null, true, "ALLOWED", "Accepted", Now), "NL", "MSP", null, Now)!.Json.MatchSnapshot();

    [Fact]
    public void CompletedSessionCarriesTheCdrTotals()
    {
        var cdr = System.Text.Json.Nodes.JsonNode.Parse(SpecExamples.ReadElement("cdr_example.json").GetRawText())!.AsObject();
        Roaming.Ocpi.Feeding.OwnObjects.CompletedSession(cdr, null, Now).Json.MatchSnapshot();
    }

    /// <summary>Each request as "METHOD path" and its body, one per line.</summary>
    private static string Requests(IEnumerable<Roaming.Ocpi.Pushing.Push> pushes) =>
        string.Join("\n", pushes.Select(p => $"{p.Method} {string.Join('/', p.Path)} {p.Body}"));

    [Fact]
    public void LocationChangePushedAsPatchesOfTheEvseAndTheConnector()
    {
        var pushed = System.Text.Json.Nodes.JsonNode.Parse(SpecExamples.Read("location_example.json"))!.AsObject();
        var current = pushed.DeepClone().AsObject();
        current["last_updated"] = "2026-11-24T10:00:00Z";
        var evse = current["evses"]![0]!;
        evse["status"] = "CHARGING";
        evse["connectors"]![1]!["max_electric_power"] = 11000;
        Requests(Roaming.Ocpi.Pushing.SmallestPushes.Location(pushed, current, "BE", "BEC")).MatchSnapshot();
    }

    [Fact]
    public void SessionCompletionPushedAsAPatch()
    {
        var completed = System.Text.Json.Nodes.JsonNode.Parse(SpecExamples.Read("session_example_2_short_finished.json"))!.AsObject();
        var active = completed.DeepClone().AsObject();
        active["status"] = "ACTIVE";
        active["kwh"] = 10;
        active.Remove("end_date_time");
        active.Remove("total_cost");
        active["charging_periods"] = new System.Text.Json.Nodes.JsonArray(active["charging_periods"]![0]!.DeepClone());
        Requests(Roaming.Ocpi.Pushing.SmallestPushes.Session(active, completed, "BE", "BEC")).MatchSnapshot();
    }

    [Fact]
    public void UnknownTokenAnswer() => OcpiResult.NotFound("Unknown token", OcpiStatus.UnknownToken).ToJson(Now).MatchSnapshot();
}
