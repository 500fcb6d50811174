using System.Text.Json;
using Roaming.Protocols.Ocpi.Locations;
using Shouldly;
using Xunit;


using Roaming.Testing;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi.Tests.Locations;

/// <summary>The PATCH merge rules (the spec's own PATCH examples are in LocationSpecExampleTests).</summary>
public class LocationPatchTests
{
    private static readonly Location Current =
        JsonSerializer.Deserialize<Location>(SpecExamples.Read("location_example.json"), OcpiJson.Options)!;

    [Fact]
    public void a_patch_without_last_updated_is_refused()
    {
        var errors = Patch("""{"name":"Gent Zuid 2"}""", out var patched);

        patched.ShouldBeNull();
        errors.Keys.ShouldBe(["last_updated"]);
    }

    [Fact]
    public void a_patch_cannot_null_a_field()
    {
        var errors = Patch("""{"name":null,"last_updated":"2019-06-24T12:39:09Z"}""", out var patched);

        patched.ShouldBeNull();
        errors["name"].ShouldHaveSingleItem().ShouldContain("use PUT");
    }

    [Theory]
    [InlineData("""{"id":"LOC2","last_updated":"2019-06-24T12:39:09Z"}""", "id")]
    [InlineData("""{"party_id":"XYZ","last_updated":"2019-06-24T12:39:09Z"}""", "party_id")]
    public void a_patch_cannot_change_the_identity(string patch, string field)
    {
        var errors = Patch(patch, out var patched);

        patched.ShouldBeNull();
        errors.Keys.ShouldBe([field]);
        errors[field].ShouldBe(["cannot be changed"]);
    }

    [Fact]
    public void a_patch_may_repeat_the_identity_in_another_case()
    {
        var errors = Patch("""{"id":"loc1","country_code":"be","last_updated":"2019-06-24T12:39:09Z"}""", out var patched);

        errors.ShouldBeEmpty();
        patched.ShouldNotBeNull().Id.ShouldBe("loc1");
    }

    [Fact]
    public void a_patched_list_replaces_the_whole_list()
    {
        var errors = Patch("""{"facilities":["CAFE"],"last_updated":"2019-06-24T12:39:09Z"}""", out var first);
        errors.ShouldBeEmpty();

        var secondPatch = JsonDocument.Parse("""{"facilities":["WIFI"],"last_updated":"2019-06-24T12:40:09Z"}""").RootElement;
        var second = LocationPatch.Apply(first!, secondPatch, new FieldErrors())!;

        second.Facilities!.Select(facility => facility.Text).ShouldBe(["WIFI"]);
    }

    [Fact]
    public void a_patch_value_of_the_wrong_type_is_named()
    {
        var errors = Patch("""{"publish":"no","last_updated":"2019-06-24T12:39:09Z"}""", out var patched);

        patched.ShouldBeNull();
        errors["publish"].ShouldBe(["must be true or false, not the string \"no\""]);
    }

    [Fact]
    public void a_patched_location_is_validated_like_a_put()
    {
        var errors = Patch("""{"time_zone":"Europe/Gent","last_updated":"2019-06-24T12:39:09Z"}""", out var patched);
        errors.ShouldBeEmpty();

        LocationValidation.Validate(patched!).ToDictionary().Keys.ShouldBe(["time_zone"]);
    }

    private static IReadOnlyDictionary<string, string[]> Patch(string patch, out Location? patched)
    {
        var errors = new FieldErrors();
        patched = LocationPatch.Apply(Current, JsonDocument.Parse(patch).RootElement, errors);
        return errors.ToDictionary();
    }
}
