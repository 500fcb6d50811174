using Roaming.Ingest.Ocpp;
using Shouldly;
using Xunit;

namespace Roaming.Ingest.Tests.Ocpp;

public class OcppErrorCodeTests
{
    [Theory]
    [InlineData(OcppErrorCode.NotImplemented, "NotImplemented", "NotImplemented")]
    [InlineData(OcppErrorCode.NotSupported, "NotSupported", "NotSupported")]
    [InlineData(OcppErrorCode.InternalError, "InternalError", "InternalError")]
    [InlineData(OcppErrorCode.ProtocolError, "ProtocolError", "ProtocolError")]
    [InlineData(OcppErrorCode.SecurityError, "SecurityError", "SecurityError")]
    [InlineData(OcppErrorCode.FormatViolation, "FormationViolation", "FormatViolation")]
    [InlineData(OcppErrorCode.PropertyConstraintViolation, "PropertyConstraintViolation", "PropertyConstraintViolation")]
    [InlineData(OcppErrorCode.OccurrenceConstraintViolation, "OccurenceConstraintViolation", "OccurenceConstraintViolation")]
    [InlineData(OcppErrorCode.TypeConstraintViolation, "TypeConstraintViolation", "TypeConstraintViolation")]
    [InlineData(OcppErrorCode.GenericError, "GenericError", "GenericError")]
    [InlineData(OcppErrorCode.RpcFrameworkError, "FormationViolation", "RpcFrameworkError")]
    [InlineData(OcppErrorCode.MessageTypeNotSupported, "FormationViolation", "MessageTypeNotSupported")]
    public void ToWire_spells_each_code_per_version(OcppErrorCode code, string v16, string v201)
    {
        code.ToWire(OcppVersion.V16).ShouldBe(v16);
        code.ToWire(OcppVersion.V201).ShouldBe(v201);
    }

    [Fact]
    public void Every_code_has_a_wire_spelling_in_both_versions()
    {
        foreach (var code in Enum.GetValues<OcppErrorCode>())
        {
            code.ToWire(OcppVersion.V16).ShouldNotBeNullOrEmpty();
            code.ToWire(OcppVersion.V201).ShouldNotBeNullOrEmpty();
        }
    }

    [Theory]
    [InlineData("FormationViolation", OcppErrorCode.FormatViolation)]
    [InlineData("FormatViolation", OcppErrorCode.FormatViolation)]
    [InlineData("OccurenceConstraintViolation", OcppErrorCode.OccurrenceConstraintViolation)]
    [InlineData("OccurrenceConstraintViolation", OcppErrorCode.OccurrenceConstraintViolation)]
    [InlineData("notimplemented", OcppErrorCode.NotImplemented)]
    [InlineData("RpcFrameworkError", OcppErrorCode.RpcFrameworkError)]
    [InlineData("MessageTypeNotSupported", OcppErrorCode.MessageTypeNotSupported)]
    public void TryParse_accepts_both_spellings(string wire, OcppErrorCode expected)
    {
        OcppErrorCodes.TryParse(wire, out var code).ShouldBeTrue();
        code.ShouldBe(expected);
    }

    [Theory]
    [InlineData("VendorSpecificError")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_rejects_unknown_codes(string? wire) => OcppErrorCodes.TryParse(wire, out _).ShouldBeFalse();

    [Fact]
    public void Every_wire_spelling_parses_back_to_its_code()
    {
        foreach (var code in Enum.GetValues<OcppErrorCode>())
        {
            OcppErrorCodes.TryParse(code.ToWire(OcppVersion.V201), out var parsed).ShouldBeTrue();
            parsed.ShouldBe(code);
        }
    }

    [Fact]
    public void Description_is_cut_to_255_characters() =>
        new OcppError(OcppErrorCode.GenericError, new string('x', 1000)).Description.Length.ShouldBe(255);
}
