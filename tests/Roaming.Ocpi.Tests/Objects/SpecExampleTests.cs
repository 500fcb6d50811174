using System.Text.Json;
using Roaming.Ocpi.Credentials;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Platform.Validation;
using Shouldly;

using Roaming.Testing;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Ocpi.Tests.Objects;

/// <summary>
/// The spec examples not already covered by Network (locations), Tokens and Charging (tariffs) pass our receiver rules
/// and round-trip: credentials, version details, sessions and the CDR.
/// </summary>
public class SpecExampleTests
{
    [Theory]
    [InlineData("session_example_1_simple_start.json")]
    [InlineData("session_example_2_short_finished.json")]
    public void SessionExamplesAreValidSessions(string file) => Valid(file, ModuleObjectRules.Session);

    [Fact]
    public void TheCdrExampleIsAValidCdr() => Valid("cdr_example.json", ModuleObjectRules.Cdr);

    [Theory]
    [InlineData("token_example_1_app_user.json")]
    [InlineData("token_example_2_full_rfid.json")]
    [InlineData("token_put_example.json")]
    public void TokenExamplesAreValidTokens(string file) => Valid(file, ModuleObjectRules.Token);

    [Theory]
    [InlineData("location_example.json")]
    [InlineData("location_example_parking_garage_opening_hours.json")]
    [InlineData("location_example_uc2_destination_charger.json")]
    [InlineData("location_example_uc5_home_charge_point.json")]
    public void LocationExamplesAreValidLocations(string file) => Valid(file, ModuleObjectRules.Location);

    [Theory]
    [InlineData("tariff_4_complex.json")]
    [InlineData("tariff_14_step_size.json")]
    public void TariffExamplesAreValidTariffs(string file) => Valid(file, ModuleObjectRules.Tariff);

    [Fact]
    public void TheTariffPutExampleLacksOnlyLastUpdated()
    {
        var errors = ModuleObjectRules.Tariff(SpecExamples.ReadElement("tariff_put_example.json"));
        errors.ToDictionary().Keys.ShouldBe(["last_updated"]);
    }

    [Theory]
    [InlineData("session_patch_example_charging_period.json", "session")]
    [InlineData("session_patch_example_total_cost.json", "session")]
    [InlineData("token_patch_example.json", "token")]
    [InlineData("location_patch_example_status.json", "evse")]
    public void PatchExamplesMakeValidObjectsAndCarryLastUpdated(string file, string kind)
    {
        // A PATCH is checked as the object it makes: merged onto a spec example of its kind.
        var example = SpecExamples.ReadElement(file);
        var (target, rules) = kind switch
        {
            "session" => ("session_example_1_simple_start.json", ModuleObjectRules.Session),
            "token" => ("token_example_2_full_rfid.json", ModuleObjectRules.Token),
            _ => ("location_example.json", ModuleObjectRules.Evse),
        };
        var stored = System.Text.Json.Nodes.JsonNode.Parse(SpecExamples.ReadElement(target).GetRawText())!.AsObject();
        if (kind == "evse")
            stored = stored["evses"]![0]!.AsObject();
        var merged = JsonMerge.Patch(stored, System.Text.Json.Nodes.JsonNode.Parse(example.GetRawText())!.AsObject(), new HashSet<string>());
        var errors = rules(JsonDocument.Parse(merged.ToJsonString()).RootElement);
        errors.IsValid.ShouldBeTrue(string.Join("; ", errors.ToDictionary().Select(e => e.Key + ": " + string.Join(",", e.Value))));
        example.TryGetProperty("last_updated", out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("credentials_example.json")]
    [InlineData("credentials_example2.json")]
    [InlineData("credentials_example3.json")]
    [InlineData("credentials_example4.json")]
    public void CredentialsExamplesReadAndRoundTrip(string file)
    {
        var example = SpecExamples.ReadElement(file);
        var errors = new FieldErrors();
        var credentials = CredentialsRules.Read(example, errors);
        credentials.ShouldNotBeNull(string.Join("; ", errors.ToDictionary().Select(e => e.Key)));
        var again = CredentialsRules.Read(OcpiJson.SerializeToElement(credentials), new FieldErrors());
        OcpiJson.SameContent(credentials, again!).ShouldBeTrue();
    }

    [Theory]
    [InlineData("version_details_example.json")]
    [InlineData("version_details_example2.json")]
    [InlineData("transport_and_format_version_details_example.json")]
    public void VersionDetailsExamplesRead(string file)
    {
        var example = SpecExamples.ReadElement(file);
        var data = example.TryGetProperty("data", out var inner) ? inner : example;
        var details = OcpiJson.Deserialize<VersionDetails>(data, new FieldErrors());
        details.ShouldNotBeNull();
        details.Endpoints.ShouldNotBeEmpty();
        JsonElement.DeepEquals(OcpiJson.SerializeToElement(details), data).ShouldBeTrue();
    }

    [Fact]
    public void TheVersionsExampleNamesADetailsUrlFor221OrNone()
    {
        var example = SpecExamples.ReadElement("versions_info_example.json");
        var list = example.ValueKind == JsonValueKind.Array ? example : example.GetProperty("data");
        Credentials.EndpointDiscovery.ChooseVersion(list).ShouldBe(list.EnumerateArray()
            .Where(v => v.GetProperty("version").GetString() == "2.2.1").Select(v => v.GetProperty("url").GetString()).FirstOrDefault());
    }

    private static void Valid(string file, ObjectRules rules)
    {
        var errors = rules(SpecExamples.ReadElement(file));
        errors.IsValid.ShouldBeTrue(string.Join("; ", errors.ToDictionary().Select(e => e.Key + ": " + string.Join(",", e.Value))));
    }
}
