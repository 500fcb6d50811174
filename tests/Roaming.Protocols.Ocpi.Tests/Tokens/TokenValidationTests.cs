using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;
using Xunit;


using Roaming.Testing;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tokens;
using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi.Tests.Tokens;

/// <summary>Bad input, one defect at a time on the spec's full RFID token: each test asserts the exact path reported.</summary>
public class TokenValidationTests
{
    [Theory]
    [InlineData("country_code")]
    [InlineData("party_id")]
    [InlineData("uid")]
    [InlineData("type")]
    [InlineData("contract_id")]
    [InlineData("issuer")]
    [InlineData("valid")]
    [InlineData("whitelist")]
    [InlineData("last_updated")]
    public void a_missing_required_field_is_named(string field)
    {
        var errors = ErrorsAfter(token => token.Remove(field));

        ShouldNameOnly(errors, field, "is required");
    }

    [Theory]
    [InlineData("visual_number")]
    [InlineData("group_id")]
    [InlineData("language")]
    [InlineData("default_profile_type")]
    [InlineData("energy_contract")]
    public void an_optional_field_may_be_absent(string field)
    {
        ErrorsAfter(token => token.Remove(field)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("type", "KEY_FOB")]
    [InlineData("type", "rfid")]
    [InlineData("whitelist", "SOMETIMES")]
    [InlineData("default_profile_type", "SLOW")]
    public void an_unknown_enum_value_is_named(string field, string value)
    {
        var errors = ErrorsAfter(token => token[field] = value);

        ShouldNameOnly(errors, field, "must be one of");
    }

    [Theory]
    [InlineData("valid", "\"true\"", "must be true or false, not the string \"true\"")]
    [InlineData("uid", "12345678905880", "must be a string, not the number 12345678905880")]
    [InlineData("energy_contract", "\"Greenpeace\"", "must be an object, not the string \"Greenpeace\"")]
    [InlineData("whitelist", "0", "must be a string, one of ALWAYS, ALLOWED, ALLOWED_OFFLINE, NEVER")]
    [InlineData("last_updated", "\"2018-12-10T18:25:10+01:00\"", "without an offset")]
    public void a_value_of_the_wrong_type_or_format_is_named(string field, string value, string message)
    {
        var errors = ErrorsAfter(token => token[field] = JsonNode.Parse(value));

        ShouldNameOnly(errors, field, message);
    }

    [Theory]
    [InlineData("uid", 37)]
    [InlineData("contract_id", 37)]
    [InlineData("visual_number", 65)]
    [InlineData("issuer", 65)]
    [InlineData("group_id", 37)]
    public void an_oversized_string_is_named(string field, int length)
    {
        var errors = ErrorsAfter(token => token[field] = new string('7', length));

        ShouldNameOnly(errors, field, $"must be at most {length - 1} characters");
    }

    [Theory]
    [InlineData("energy_contract", """{"contract_id":"0123456789"}""", "energy_contract.supplier_name", "is required")]
    [InlineData("energy_contract", """{"supplier_name":"Greenpeace Energy eG","contract_id":"01234567890123456789012345678901234567890123456789012345678901234"}""", "energy_contract.contract_id", "at most 64")]
    [InlineData("language", "\"ita\"", "language", "ISO 639-1")]
    [InlineData("country_code", "\"XX\"", "country_code", "alpha-2")]
    [InlineData("party_id", "\"T_M\"", "party_id", "3 letters or digits")]
    [InlineData("uid", "\"caf\u00e9\"", "uid", "printable ASCII")]
    public void a_badly_formed_field_is_named(string field, string value, string path, string message)
    {
        var errors = ErrorsAfter(token => token[field] = JsonNode.Parse(value));

        ShouldNameOnly(errors, path, message);
    }

    [Fact]
    public void an_app_user_token_with_a_whitelist_other_than_never_is_accepted_as_the_spec_example_does()
    {
        TokenValidation.TryRead(SpecExamples.Read("token_example_1_app_user.json"), out var token, out _).ShouldBeTrue();

        token.Type!.Value.ShouldBe(TokenType.AppUser);
        token.Whitelist!.Value.ShouldBe(WhitelistType.Allowed);
    }

    [Fact]
    public void authorization_info_is_validated_with_the_token_inside_it()
    {
        var info = new JsonObject
        {
            ["allowed"] = "MAYBE",
            ["token"] = SpecExamples.ReadObject("token_example_2_full_rfid.json").Also(token => token.Remove("issuer")),
            ["location"] = JsonNode.Parse("""{"evse_uids":["3256", ""]}"""),
            ["authorization_reference"] = new string('r', 37),
            ["info"] = JsonNode.Parse("""{"language":"en"}"""),
        };

        TokenValidation.TryReadAuthorizationInfo(info.ToJsonString(), out _, out var errors).ShouldBeFalse();

        errors.ToDictionary().Keys.Order(StringComparer.Ordinal).ShouldBe(
        [
            "allowed",
            "authorization_reference",
            "info.text",
            "location.evse_uids[1]",
            "location.location_id",
            "token.issuer",
        ]);
    }

    [Fact]
    public void a_complete_authorization_info_round_trips()
    {
        var json = new JsonObject
        {
            ["allowed"] = "ALLOWED",
            ["token"] = SpecExamples.ReadObject("token_example_2_full_rfid.json"),
            ["location"] = JsonNode.Parse("""{"location_id":"LOC1","evse_uids":["3256","3257"]}"""),
            ["authorization_reference"] = "AUTH-0001",
            ["info"] = JsonNode.Parse("""{"language":"en","text":"Enjoy charging"}"""),
        }.ToJsonString();

        TokenValidation.TryReadAuthorizationInfo(json, out var info, out var errors).ShouldBeTrue();

        errors.IsValid.ShouldBeTrue();
        info.Allowed!.Value.ShouldBe(AllowedType.Allowed);
        JsonAssert.SemanticallyEqual(OcpiJson.Serialize(info), json);
    }

    [Fact]
    public void location_references_need_a_location_id()
    {
        TokenValidation.TryReadLocationReferences("""{"evse_uids":["3256"]}""", out _, out var errors).ShouldBeFalse();

        errors.ToDictionary().Keys.ShouldBe(["location_id"]);
    }

    [Fact]
    public void a_patch_without_last_updated_or_with_a_new_uid_is_refused()
    {
        var token = JsonSerializer.Deserialize<Token>(SpecExamples.Read("token_put_example.json"), OcpiJson.Options)!;
        var errors = new FieldErrors();

        var patched = TokenPatch.Apply(token, JsonDocument.Parse("""{"uid":"999","valid":false}""").RootElement, errors);

        patched.ShouldBeNull();
        errors.ToDictionary().Keys.Order(StringComparer.Ordinal).ShouldBe(["last_updated", "uid"]);
    }

    [Fact]
    public void a_patch_may_repeat_the_type_and_change_the_whitelist()
    {
        var token = JsonSerializer.Deserialize<Token>(SpecExamples.Read("token_put_example.json"), OcpiJson.Options)!;
        var errors = new FieldErrors();
        var patch = JsonDocument.Parse("""{"type":"RFID","whitelist":"NEVER","last_updated":"2019-06-19T02:11:11Z"}""").RootElement;

        var patched = TokenPatch.Apply(token, patch, errors);

        patched.ShouldNotBeNull();
        patched.Whitelist!.Value.ShouldBe(WhitelistType.Never);
        TokenValidation.Validate(patched).IsValid.ShouldBeTrue();
    }

    private static IReadOnlyDictionary<string, string[]> ErrorsAfter(Action<JsonObject> change)
    {
        var token = SpecExamples.ReadObject("token_example_2_full_rfid.json");
        change(token);
        TokenValidation.TryRead(token.ToJsonString(), out _, out var errors);
        return errors.ToDictionary();
    }

    private static void ShouldNameOnly(IReadOnlyDictionary<string, string[]> errors, string path, string messagePart)
    {
        errors.Keys.ShouldBe([path], $"errors: {string.Join("; ", errors.Select(error => $"{error.Key}: {string.Join(", ", error.Value)}"))}");
        errors[path].ShouldContain(message => message.Contains(messagePart, StringComparison.Ordinal));
    }
}

internal static class JsonObjectChanges
{
    public static JsonObject Also(this JsonObject json, Action<JsonObject> change)
    {
        change(json);
        return json;
    }
}
