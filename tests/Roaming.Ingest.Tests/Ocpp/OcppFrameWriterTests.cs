using System.Text.Json;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Ocpp.V16.Messages;
using Shouldly;
using Xunit;

namespace Roaming.Ingest.Tests.Ocpp;

public class OcppFrameWriterTests
{
    [Fact]
    public void Writes_a_compact_call_result_from_a_dto() =>
        OcppFrameWriter.CallResult("m1", new HeartbeatResponse(new DateTimeOffset(2026, 11, 24, 11, 0, 0, TimeSpan.FromHours(1))))
            .ShouldBe("""[3,"m1",{"currentTime":"2026-11-24T10:00:00Z"}]""");

    [Fact]
    public void Writes_a_call_result_from_json()
    {
        using var doc = JsonDocument.Parse("""{ "status" : "Accepted" }""");
        OcppFrameWriter.CallResult("m1", doc.RootElement).ShouldBe("""[3,"m1",{"status":"Accepted"}]""");
    }

    [Fact]
    public void Writes_an_empty_object_for_a_null_payload() =>
        OcppFrameWriter.CallResult("m1", null).ShouldBe("""[3,"m1",{}]""");

    [Fact]
    public void Writes_an_empty_response_record_as_an_empty_object() =>
        OcppFrameWriter.CallResult("m1", new StatusNotificationResponse()).ShouldBe("""[3,"m1",{}]""");

    [Fact]
    public void Writes_a_call_with_enum_spellings_and_no_nulls() =>
        OcppFrameWriter.Call("c1", "TriggerMessage", new TriggerMessageRequest(MessageTrigger.StatusNotification))
            .ShouldBe("""[2,"c1","TriggerMessage",{"requestedMessage":"StatusNotification"}]""");

    [Theory]
    [InlineData(OcppVersion.V16, """[4,"m1","FormationViolation","bad",{}]""")]
    [InlineData(OcppVersion.V201, """[4,"m1","FormatViolation","bad",{}]""")]
    public void Writes_a_call_error_with_the_version_specific_code(OcppVersion version, string expected) =>
        OcppFrameWriter.CallError("m1", new OcppError(OcppErrorCode.FormatViolation, "bad"), version).ShouldBe(expected);

    [Fact]
    public void Writes_call_error_details_when_they_are_an_object()
    {
        using var doc = JsonDocument.Parse("""{"errors":[{"path":"$.idTag"}]}""");
        OcppFrameWriter.CallError("m1", new OcppError(OcppErrorCode.GenericError, "x", doc.RootElement), OcppVersion.V201)
            .ShouldBe("""[4,"m1","GenericError","x",{"errors":[{"path":"$.idTag"}]}]""");
    }

    [Fact]
    public void Answers_a_malformed_frame_with_id_minus_one()
    {
        var malformed = OcppFrameReader.Read("garbage", OcppVersion.V201).ShouldBeOfType<MalformedFrame>();
        OcppFrameWriter.CallError(malformed, OcppVersion.V201).ShouldBe("""[4,"-1","RpcFrameworkError","Message is not valid JSON.",{}]""");
    }

    [Fact]
    public void Cuts_long_descriptions_to_255_characters()
    {
        var frame = OcppFrameWriter.CallError("m1", new OcppError(OcppErrorCode.InternalError, new string('é', 400)), OcppVersion.V16);
        using var doc = JsonDocument.Parse(frame);
        doc.RootElement[3].GetString()!.Length.ShouldBe(255);
    }

    [Fact]
    public void Does_not_escape_plus_signs_or_umlauts() =>
        OcppFrameWriter.Call("c1", "DataTransfer", new DataTransferRequest("Vendör", Data: "a+b<c>"))
            .ShouldBe("""[2,"c1","DataTransfer",{"vendorId":"Vendör","data":"a+b<c>"}]""");

    [Fact]
    public void Written_frames_read_back()
    {
        var text = OcppFrameWriter.Call("c1", "Reset", new ResetRequest(ResetType.Soft));
        var call = OcppFrameReader.Read(text, OcppVersion.V16).ShouldBeOfType<Call>();
        OcppJson.Deserialize<ResetRequest>(call.Payload).ShouldBe(new ResetRequest(ResetType.Soft));
    }
}
