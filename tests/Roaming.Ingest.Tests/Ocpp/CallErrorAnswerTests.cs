using System.Text.Json;
using Roaming.Ingest.Ocpp;
using Shouldly;
using Xunit;

namespace Roaming.Ingest.Tests.Ocpp;

/// <summary>
/// What the CSMS answers to a bad CALL, end to end through the protocol layer: read the frame, validate the payload
/// against the official schema, write the CALLERROR. Asserts the exact wire code per version.
/// </summary>
public class CallErrorAnswerTests
{
    private const string ValidStart16 = """{"connectorId":1,"idTag":"04A2B3C4","meterStart":1200,"timestamp":"2026-11-24T10:00:00Z"}""";

    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // name, frame, 1.6 code, 2.0.1 code, expected reply id
        { "non-JSON", "}{ not json", "FormationViolation", "RpcFrameworkError", "-1" },
        { "not an array", """{"action":"Heartbeat"}""", "FormationViolation", "RpcFrameworkError", "-1" },
        { "wrong type id", """[9,"m1","Heartbeat",{}]""", "FormationViolation", "MessageTypeNotSupported", "m1" },
        { "type id not a number", """["2","m1","Heartbeat",{}]""", "FormationViolation", "RpcFrameworkError", "-1" },
        { "id too long", """[2,"m1-0123456789-0123456789-0123456789-x","Heartbeat",{}]""", "FormationViolation", "RpcFrameworkError", "-1" },
        { "missing action", """[2,"m1",{}]""", "FormationViolation", "RpcFrameworkError", "m1" },
        { "payload not an object", """[2,"m1","Heartbeat",[]]""", "FormationViolation", "FormatViolation", "m1" },
        { "unknown action", """[2,"m1","MakeCoffee",{}]""", "NotImplemented", "NotImplemented", "m1" },
        { "missing required field", """[2,"m1","Authorize",{}]""", "OccurenceConstraintViolation", "OccurenceConstraintViolation", "m1" },
        { "unknown field", """[2,"m1","Heartbeat",{"surprise":1}]""", "FormationViolation", "FormatViolation", "m1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_call_gets_the_exact_call_error_code(string name, string frame, string v16, string v201, string replyId)
    {
        _ = name;
        Answer(frame, OcppVersion.V16).ShouldBe((replyId, v16));
        Answer(frame, OcppVersion.V201).ShouldBe((replyId, v201));
    }

    [Theory]
    [InlineData("wrong type", """{"connectorId":"1","idTag":"04A2B3C4","meterStart":1200,"timestamp":"2026-11-24T10:00:00Z"}""", "TypeConstraintViolation")]
    [InlineData("float for integer", """{"connectorId":1,"idTag":"04A2B3C4","meterStart":1200.5,"timestamp":"2026-11-24T10:00:00Z"}""", "TypeConstraintViolation")]
    [InlineData("maxLength", """{"connectorId":1,"idTag":"0123456789ABCDEF01234","meterStart":1200,"timestamp":"2026-11-24T10:00:00Z"}""", "PropertyConstraintViolation")]
    [InlineData("date-time format", """{"connectorId":1,"idTag":"04A2B3C4","meterStart":1200,"timestamp":"yesterday"}""", "PropertyConstraintViolation")]
    [InlineData("missing field", """{"connectorId":1,"idTag":"04A2B3C4","timestamp":"2026-11-24T10:00:00Z"}""", "OccurenceConstraintViolation")]
    [InlineData("unknown field", """{"connectorId":1,"idTag":"04A2B3C4","meterStart":1200,"timestamp":"2026-11-24T10:00:00Z","vendor":"x"}""", "FormationViolation")]
    public void StartTransaction_16_payload_errors(string name, string payload, string code)
    {
        _ = name;
        Answer($"""[2,"m1","StartTransaction",{payload}]""", OcppVersion.V16).ShouldBe(("m1", code));
    }

    [Theory]
    [InlineData("enum", """{"connectorId":1,"errorCode":"NoError","status":"Sleeping"}""", "PropertyConstraintViolation")]
    [InlineData("wrong type", """{"connectorId":1,"errorCode":"NoError","status":"Available","timestamp":17}""", "TypeConstraintViolation")]
    [InlineData("maxLength", """{"connectorId":1,"errorCode":"NoError","status":"Available","info":"012345678901234567890123456789012345678901234567890"}""", "PropertyConstraintViolation")]
    public void StatusNotification_16_payload_errors(string name, string payload, string code)
    {
        _ = name;
        Answer($"""[2,"m1","StatusNotification",{payload}]""", OcppVersion.V16).ShouldBe(("m1", code));
    }

    [Theory]
    [InlineData("missing required field", """{"timestamp":"2026-11-24T10:00:00Z","connectorStatus":"Available","evseId":1}""", "OccurenceConstraintViolation")]
    [InlineData("wrong type", """{"timestamp":"2026-11-24T10:00:00Z","connectorStatus":"Available","evseId":"1","connectorId":1}""", "TypeConstraintViolation")]
    [InlineData("enum", """{"timestamp":"2026-11-24T10:00:00Z","connectorStatus":"Charging","evseId":1,"connectorId":1}""", "PropertyConstraintViolation")]
    [InlineData("unknown field", """{"timestamp":"2026-11-24T10:00:00Z","connectorStatus":"Available","evseId":1,"connectorId":1,"x":1}""", "FormatViolation")]
    public void StatusNotification_201_payload_errors(string name, string payload, string code)
    {
        _ = name;
        Answer($"""[2,"m1","StatusNotification",{payload}]""", OcppVersion.V201).ShouldBe(("m1", code));
    }

    [Fact]
    public void Authorize_201_idToken_longer_than_36_is_a_property_constraint_violation() =>
        Answer($$$"""[2,"m1","Authorize",{"idToken":{"idToken":"{{{new string('1', 37)}}}","type":"ISO14443"}}]""", OcppVersion.V201)
            .ShouldBe(("m1", "PropertyConstraintViolation"));

    [Fact]
    public void Valid_call_gets_no_error() =>
        Answer($"""[2,"m1","StartTransaction",{ValidStart16}]""", OcppVersion.V16).ShouldBe(("m1", "none"));

    [Fact]
    public void Error_description_names_the_json_path()
    {
        var frame = Frame("""[2,"m1","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-11-24T10:00:00Z","sampledValue":[{"value":"1","unit":"Kelvin"}]}]}]""", OcppVersion.V16);
        using var doc = JsonDocument.Parse(frame!);
        doc.RootElement[2].GetString().ShouldBe("PropertyConstraintViolation");
        doc.RootElement[3].GetString()!.ShouldContain("$.meterValue[0].sampledValue[0].unit");
        doc.RootElement[4].GetProperty("errors")[0].GetProperty("kind").GetString().ShouldBe("NotInEnumeration");
    }

    /// <summary>The protocol-layer part of the CSMS: read, validate, and the CALLERROR it would send (or "none").</summary>
    private static (string Id, string Code) Answer(string text, OcppVersion version)
    {
        var frame = Frame(text, version);
        if (frame is null)
        {
            return ("m1", "none");
        }

        using var doc = JsonDocument.Parse(frame);
        doc.RootElement[0].GetInt32().ShouldBe(4);
        doc.RootElement.GetArrayLength().ShouldBe(5);
        doc.RootElement[4].ValueKind.ShouldBe(JsonValueKind.Object);
        return (doc.RootElement[1].GetString()!, doc.RootElement[2].GetString()!);
    }

    private static string? Frame(string text, OcppVersion version) => OcppFrameReader.Read(text, version) switch
    {
        MalformedFrame { ShouldReply: true } malformed => OcppFrameWriter.CallError(malformed, version),
        Call call when OcppSchemas.Shared.ValidateRequest(version, call.Action, call.Payload) is { } error =>
            OcppFrameWriter.CallError(call.MessageId, error, version),
        _ => null,
    };
}
