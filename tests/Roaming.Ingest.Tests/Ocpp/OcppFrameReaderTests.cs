using System.Text;
using System.Text.Json;
using Roaming.Ingest.Ocpp;
using Shouldly;
using Xunit;

namespace Roaming.Ingest.Tests.Ocpp;

public class OcppFrameReaderTests
{
    [Theory]
    [InlineData(OcppVersion.V16)]
    [InlineData(OcppVersion.V201)]
    public void Reads_a_call(OcppVersion version)
    {
        var frame = OcppFrameReader.Read("""[2,"19223201","BootNotification",{"chargePointVendor":"VendorX","chargePointModel":"M"}]""", version);

        var call = frame.ShouldBeOfType<Call>();
        call.MessageId.ShouldBe("19223201");
        call.Action.ShouldBe("BootNotification");
        call.Payload.GetProperty("chargePointVendor").GetString().ShouldBe("VendorX");
    }

    [Fact]
    public void Reads_utf8_bytes_and_keeps_the_payload_usable_after_the_buffer_is_reused()
    {
        var bytes = Encoding.UTF8.GetBytes("""[2,"a","Heartbeat",{"x":"ü"}]""");
        var frame = OcppFrameReader.Read(bytes, OcppVersion.V201);
        Array.Clear(bytes);

        frame.ShouldBeOfType<Call>().Payload.GetProperty("x").GetString().ShouldBe("ü");
    }

    [Fact]
    public void Reads_a_call_result()
    {
        var frame = OcppFrameReader.Read("""[3,"abc",{"status":"Accepted"}]""", OcppVersion.V16);

        var result = frame.ShouldBeOfType<CallResult>();
        result.MessageId.ShouldBe("abc");
        result.Payload.GetProperty("status").GetString().ShouldBe("Accepted");
    }

    [Theory]
    [InlineData("""[4,"id","FormationViolation","bad",{"a":1}]""", "FormationViolation", OcppErrorCode.FormatViolation, "bad", """{"a":1}""")]
    [InlineData("""[4,"id","OccurrenceConstraintViolation","",{}]""", "OccurrenceConstraintViolation", OcppErrorCode.OccurrenceConstraintViolation, "", "{}")]
    [InlineData("""[4,"id","OccurenceConstraintViolation","x",{}]""", "OccurenceConstraintViolation", OcppErrorCode.OccurrenceConstraintViolation, "x", "{}")]
    [InlineData("""[4,"id","NotSupported","no details"]""", "NotSupported", OcppErrorCode.NotSupported, "no details", "{}")]
    [InlineData("""[4,"id","VendorBoom",null,null]""", "VendorBoom", null, "", "{}")]
    public void Reads_a_call_error_leniently(string text, string code, OcppErrorCode? known, string description, string details)
    {
        var error = OcppFrameReader.Read(text, OcppVersion.V16).ShouldBeOfType<CallError>();

        error.MessageId.ShouldBe("id");
        error.ErrorCode.ShouldBe(code);
        error.KnownCode.ShouldBe(known);
        error.Description.ShouldBe(description);
        error.Details.GetRawText().ShouldBe(details);
    }

    [Fact]
    public void Accepts_a_36_character_message_id() =>
        OcppFrameReader.Read($$"""[2,"{{new string('a', 36)}}","Heartbeat",{}]""", OcppVersion.V201).ShouldBeOfType<Call>();

    // Frame-level failures, per version. Reply id "-1" when the id could not be read.
    [Theory]
    [InlineData("not json", OcppVersion.V16, OcppErrorCode.FormatViolation, null)]
    [InlineData("not json", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, null)]
    [InlineData("", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, null)]
    [InlineData("""[2,"a","Heartbeat",{}""", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, null)]
    [InlineData("""{"messageTypeId":2}""", OcppVersion.V16, OcppErrorCode.FormatViolation, null)]
    [InlineData("""{"messageTypeId":2}""", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, null)]
    [InlineData("[]", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, null)]
    [InlineData("""["2","a","Heartbeat",{}]""", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, null)]
    [InlineData("""[2.5,"a","Heartbeat",{}]""", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, null)]
    [InlineData("""[7,"a","Heartbeat",{}]""", OcppVersion.V16, OcppErrorCode.FormatViolation, "a")]
    [InlineData("""[7,"a","Heartbeat",{}]""", OcppVersion.V201, OcppErrorCode.MessageTypeNotSupported, "a")]
    [InlineData("""[6,"a","Heartbeat",{}]""", OcppVersion.V201, OcppErrorCode.MessageTypeNotSupported, "a")]
    [InlineData("""[5,42]""", OcppVersion.V201, OcppErrorCode.MessageTypeNotSupported, null)]
    [InlineData("""[2,"0123456789012345678901234567890123456","Heartbeat",{}]""", OcppVersion.V16, OcppErrorCode.FormatViolation, null)]
    [InlineData("""[2,"0123456789012345678901234567890123456","Heartbeat",{}]""", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, null)]
    [InlineData("""[2,12345,"Heartbeat",{}]""", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, null)]
    [InlineData("""[2,"","Heartbeat",{}]""", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, null)]
    [InlineData("""[2]""", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, null)]
    [InlineData("""[2,"a"]""", OcppVersion.V16, OcppErrorCode.FormatViolation, "a")]
    [InlineData("""[2,"a",{}]""", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, "a")]
    [InlineData("""[2,"a",17,{}]""", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, "a")]
    [InlineData("""[2,"a","",{}]""", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, "a")]
    [InlineData("""[2,"a","Heartbeat",{},{}]""", OcppVersion.V201, OcppErrorCode.RpcFrameworkError, "a")]
    [InlineData("""[2,"a","Heartbeat"]""", OcppVersion.V16, OcppErrorCode.FormatViolation, "a")]
    [InlineData("""[2,"a","Heartbeat"]""", OcppVersion.V201, OcppErrorCode.FormatViolation, "a")]
    [InlineData("""[2,"a","Heartbeat",[]]""", OcppVersion.V16, OcppErrorCode.FormatViolation, "a")]
    [InlineData("""[2,"a","Heartbeat",null]""", OcppVersion.V201, OcppErrorCode.FormatViolation, "a")]
    [InlineData("""[2,"a","Heartbeat","{}"]""", OcppVersion.V201, OcppErrorCode.FormatViolation, "a")]
    public void Malformed_frames_become_values_with_the_version_specific_code(string text, OcppVersion version, OcppErrorCode code, string? messageId)
    {
        var malformed = OcppFrameReader.Read(text, version).ShouldBeOfType<MalformedFrame>();

        malformed.Error.Code.ShouldBe(code);
        malformed.MessageId.ShouldBe(messageId);
        malformed.ReplyMessageId.ShouldBe(messageId ?? "-1");
        malformed.ShouldReply.ShouldBeTrue();
        malformed.Error.Description.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("""[3,"a"]""")]
    [InlineData("""[3,"a",[]]""")]
    [InlineData("""[3,"a",{},{}]""")]
    [InlineData("""[4,"a",42,"x",{}]""")]
    [InlineData("""[4,"a"]""")]
    [InlineData("""[3,null,{}]""")]
    public void Malformed_responses_are_not_answered(string text)
    {
        var malformed = OcppFrameReader.Read(text, OcppVersion.V201).ShouldBeOfType<MalformedFrame>();

        malformed.ShouldReply.ShouldBeFalse();
    }

    [Fact]
    public void Malformed_call_keeps_its_action_for_logging() =>
        OcppFrameReader.Read("""[2,"a","MeterValues",[]]""", OcppVersion.V16).ShouldBeOfType<MalformedFrame>().Action.ShouldBe("MeterValues");

    [Fact]
    public void Deeply_nested_garbage_does_not_throw()
    {
        var text = """[2,"a","DataTransfer",""" + new string('[', 10_000) + new string(']', 10_000) + "]";
        OcppFrameReader.Read(text, OcppVersion.V201).ShouldBeOfType<MalformedFrame>().Error.Code.ShouldBe(OcppErrorCode.RpcFrameworkError);
    }

    [Fact]
    public void Invalid_utf8_does_not_throw() =>
        OcppFrameReader.Read(new byte[] { 0x5B, 0x32, 0x2C, 0x22, 0xFF, 0xFE, 0x22, 0x5D }, OcppVersion.V16)
            .ShouldBeOfType<MalformedFrame>().Error.Code.ShouldBe(OcppErrorCode.FormatViolation);

    [Fact]
    public void Lone_surrogate_in_a_string_does_not_throw() =>
        OcppFrameReader.Read("[2,\"a\",\"Heartbeat\",{\"x\":\"\uD800\"}]", OcppVersion.V201).ShouldBeAssignableTo<OcppFrame>();

    [Fact]
    public void Call_payload_is_an_independent_element()
    {
        var call = OcppFrameReader.Read("""[2,"a","Heartbeat",{}]""", OcppVersion.V201).ShouldBeOfType<Call>();
        call.Payload.ValueKind.ShouldBe(JsonValueKind.Object);
        JsonSerializer.Serialize(call.Payload).ShouldBe("{}");
    }
}
