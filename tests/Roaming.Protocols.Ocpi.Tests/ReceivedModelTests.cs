using Roaming.Protocols.Ocpi.Cdrs;
using Roaming.Protocols.Ocpi.Sessions;
using Roaming.Testing;
using Shouldly;
using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi.Tests;

/// <summary>The Session and CDR models partners send: the spec examples pass, and a broken field is named by its path.</summary>
public class ReceivedModelTests
{
    [Theory]
    [InlineData("session_example_1_simple_start.json")]
    [InlineData("session_example_2_short_finished.json")]
    public void SessionExamplesAreValid(string file)
    {
        SessionValidation.TryRead(SpecExamples.ReadElement(file), out var session, out var errors).ShouldBeTrue(Describe(errors));
        session.Status!.IsKnown.ShouldBeTrue();
    }

    [Fact]
    public void TheCdrExampleIsValid() =>
        CdrValidation.TryRead(SpecExamples.ReadElement("cdr_example.json"), out _, out var errors).ShouldBeTrue(Describe(errors));

    [Fact]
    public void EveryBrokenFieldOfACdrIsNamed()
    {
        var cdr = System.Text.Json.Nodes.JsonNode.Parse(SpecExamples.ReadElement("cdr_example.json").GetRawText())!.AsObject();
        cdr["auth_method"] = "PIN";
        cdr["cdr_location"]!["connector_standard"] = "IEC_62196_T9";
        cdr.Remove("total_cost");
        CdrValidation.TryRead(System.Text.Json.JsonDocument.Parse(cdr.ToJsonString()).RootElement, out _, out var errors).ShouldBeFalse();
        errors.ToDictionary().Keys.ShouldBe(["auth_method", "cdr_location.connector_standard", "total_cost"], ignoreOrder: true);
    }

    private static string Describe(FieldErrors errors) =>
        string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
}
