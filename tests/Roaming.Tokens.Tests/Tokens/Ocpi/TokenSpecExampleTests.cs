using System.Text.Json;
using System.Text.Json.Nodes;
using Roaming.Platform.Validation;
using Roaming.Tokens.Tokens.Ocpi;
using Shouldly;
using Xunit;


using Roaming.Testing;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tokens;
using Roaming.Contracts.Validation;

namespace Roaming.Tokens.Tests.Tokens.Ocpi;

/// <summary>
/// Every token_*.json example of the spec, plus the tokens inside the transport_and_format GET examples: read,
/// validated, round-tripped; the PATCH example is applied to the PUT example it belongs to.
/// </summary>
public class TokenSpecExampleTests
{
    private static readonly string[] FullTokenFiles =
    [
        "token_example_1_app_user.json",
        "token_example_2_full_rfid.json",
        "token_put_example.json",
    ];

    private const string PatchFile = "token_patch_example.json";

    public static readonly TheoryData<string> FullTokens = new(FullTokenFiles);

    [Fact]
    public void every_token_example_file_is_covered_by_a_test()
    {
        SpecExamples.FileNames("token_*.json").ShouldBe(FullTokenFiles.Append(PatchFile).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FullTokens))]
    public void token_example_reads_validates_and_round_trips(string fileName)
    {
        var json = SpecExamples.Read(fileName);

        TokenValidation.TryRead(json, out var token, out var errors).ShouldBeTrue(Describe(errors));

        JsonAssert.SemanticallyEqual(OcpiJson.Serialize(token), json);
        var reread = JsonSerializer.Deserialize<Token>(OcpiJson.Serialize(token), OcpiJson.Options)!;
        reread.ShouldBe(token);
    }

    [Fact]
    public void the_full_rfid_example_reads_into_typed_values()
    {
        TokenValidation.TryRead(SpecExamples.Read("token_example_2_full_rfid.json"), out var token, out _).ShouldBeTrue();

        token.Type!.Value.ShouldBe(TokenType.Rfid);
        token.Whitelist!.Value.ShouldBe(WhitelistType.Allowed);
        token.DefaultProfileType!.Value.ShouldBe(ProfileType.Green);
        token.EnergyContract.ShouldBe(new EnergyContract { SupplierName = "Greenpeace Energy eG", ContractId = "0123456789" });
        token.LastUpdated.ShouldBe(NodaTime.Instant.FromUtc(2018, 12, 10, 17, 25, 10));
    }

    [Theory]
    [InlineData("transport_and_format_get_token_example.json")]
    [InlineData("transport_and_format_get_token_list_example.json")]
    public void the_tokens_in_the_get_response_examples_are_valid(string fileName)
    {
        var data = SpecExamples.ReadObject(fileName)["data"]!;
        var tokens = data is JsonArray list ? list.ToArray() : [data];

        tokens.Length.ShouldBeGreaterThan(0);
        foreach (var token in tokens)
            TokenValidation.TryRead(token!.ToJsonString(), out _, out var errors).ShouldBeTrue(Describe(errors));
    }

    [Fact]
    public void the_patch_example_invalidates_the_put_example_token()
    {
        var token = JsonSerializer.Deserialize<Token>(SpecExamples.Read("token_put_example.json"), OcpiJson.Options)!;
        var patch = JsonDocument.Parse(SpecExamples.Read(PatchFile)).RootElement;
        var errors = new FieldErrors();

        var patched = TokenPatch.Apply(token, patch, errors);

        patched.ShouldNotBeNull(Describe(errors));
        TokenValidation.Validate(patched).IsValid.ShouldBeTrue();
        patched.ShouldBe(token with { Valid = false, LastUpdated = NodaTime.Instant.FromUtc(2019, 6, 19, 2, 11, 11) });
        TokenAuthorization.Decide(patched).Status.ShouldBe(ChargerAuthorizationStatus.Blocked);
    }

    private static string Describe(FieldErrors errors) =>
        string.Join("; ", errors.ToDictionary().Select(error => $"{error.Key}: {string.Join(", ", error.Value)}"));
}
