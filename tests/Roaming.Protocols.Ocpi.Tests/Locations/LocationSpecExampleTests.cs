using System.Text.Json;
using System.Text.Json.Nodes;
using Roaming.Protocols.Ocpi.Locations;
using Shouldly;
using Xunit;


using Roaming.Testing;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi.Tests.Locations;

/// <summary>
/// Every location_*.json example of the spec: full Locations are read, validated and round-tripped; fragments
/// (energy_mix, opening_times) are placed into a valid Location first; PATCH bodies are applied to the object the
/// spec applies them to; the one broken example is asserted to be rejected, with the reason.
/// </summary>
public class LocationSpecExampleTests
{
    private static readonly string[] FullLocationFiles =
    [
        "location_example.json",
        "location_example_parking_garage_opening_hours.json",
        "location_example_uc2_destination_charger.json",
        "location_example_uc3_destination_charger_not_published.json",
        "location_example_uc4_limited_visibility.json",
        "location_example_uc5_home_charge_point.json",
    ];

    public static readonly TheoryData<string> FullLocations = new(FullLocationFiles);

    /// <summary>Examples of one part of a Location, and the Location field they belong under.</summary>
    /// <summary>null: the example already wraps itself in its Location field (energy_mix, opening_times).</summary>
    private static readonly (string FileName, string? UnderField)[] FragmentFiles =
    [
        ("location_energymix_example_complete.json", null),
        ("location_energymix_example_energy_provider.json", null),
        ("location_energymix_example_simple.json", null),
        ("location_regularhours_example.json", null),
        ("location_hours_247_open_exception_closing.json", "opening_times"),
        ("location_hours_opening_hours_with_exceptional_closing.json", "opening_times"),
        ("location_hours_opening_hours_with_exceptional_opening.json", "opening_times"),
    ];

    public static IEnumerable<object?[]> Fragments =>
        FragmentFiles.Select(fragment => new object?[] { fragment.FileName, fragment.UnderField });

    /// <summary>Each has its own test below, because each applies to a different object.</summary>
    private static readonly string[] PatchFiles =
    [
        "location_patch_example_location.json",
        "location_patch_example_remove_evse.json",
        "location_patch_example_status.json",
        "location_patch_example_tariff.json",
    ];

    /// <summary>
    /// location_put_example_add_evse.json is not a valid EVSE: physical_reference is a number (spec: string(16)),
    /// it says "floor" for floor_level, and its connector lacks power_type, max_voltage, max_amperage and last_updated.
    /// </summary>
    private const string BrokenPutEvseExample = "location_put_example_add_evse.json";

    [Fact]
    public void every_location_example_file_is_covered_by_a_test()
    {
        var covered = FullLocationFiles
            .Concat(FragmentFiles.Select(fragment => fragment.FileName))
            .Concat(PatchFiles)
            .Append(BrokenPutEvseExample)
            .Order(StringComparer.Ordinal);

        SpecExamples.FileNames("location_*.json").ShouldBe(covered);
    }

    [Theory]
    [MemberData(nameof(FullLocations))]
    public void full_location_example_reads_validates_and_round_trips(string fileName)
    {
        var json = SpecExamples.Read(fileName);

        LocationValidation.TryRead(json, out var location, out var errors).ShouldBeTrue(Describe(errors));

        JsonAssert.SemanticallyEqual(OcpiJson.Serialize(location), json);
        var reread = JsonSerializer.Deserialize<Location>(OcpiJson.Serialize(location), OcpiJson.Options)!;
        OcpiJson.SameContent(reread, location).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Fragments))]
    public void fragment_example_is_valid_inside_a_location_and_round_trips(string fileName, string? underField)
    {
        var fragment = SpecExamples.ReadObject(fileName);
        var location = SpecExamples.ReadObject("location_example.json");
        if (underField is null)
            foreach (var (name, value) in fragment)
                location[name] = value?.DeepClone();
        else
            location[underField] = fragment.DeepClone();
        var json = location.ToJsonString();

        LocationValidation.TryRead(json, out var read, out var errors).ShouldBeTrue(Describe(errors));

        JsonAssert.SemanticallyEqual(OcpiJson.Serialize(read), json);
    }

    [Fact]
    public void patch_example_renames_the_location()
    {
        var location = ReadLocation("location_example.json");
        var patch = JsonDocument.Parse(SpecExamples.Read("location_patch_example_location.json")).RootElement;
        var errors = new FieldErrors();

        var patched = LocationPatch.Apply(location, patch, errors);

        patched.ShouldNotBeNull(Describe(errors));
        LocationValidation.Validate(patched).IsValid.ShouldBeTrue();
        patched.Name.ShouldBe("Interparking Gent Zuid");
        patched.LastUpdated.ShouldBe(NodaTime.Instant.FromUtc(2019, 6, 24, 12, 39, 9));
        OcpiJson.SameContent(patched.Evses, location.Evses).ShouldBeTrue();
    }

    [Theory]
    [InlineData("location_patch_example_status.json", "CHARGING")]
    [InlineData("location_patch_example_remove_evse.json", "REMOVED")]
    public void patch_example_changes_the_evse_status(string fileName, string expectedStatus)
    {
        var evse = ReadLocation("location_example.json").Evses![0];
        var patch = JsonDocument.Parse(SpecExamples.Read(fileName)).RootElement;
        var errors = new FieldErrors();

        var patched = LocationPatch.Apply(evse, patch, errors);

        patched.ShouldNotBeNull(Describe(errors));
        LocationValidation.ValidateEvse(patched).IsValid.ShouldBeTrue();
        patched.Status!.Text.ShouldBe(expectedStatus);
        patched.Uid.ShouldBe(evse.Uid);
    }

    [Fact]
    public void patch_example_sets_the_connector_tariff()
    {
        var connector = ReadLocation("location_example.json").Evses![0].Connectors![1];
        var patch = JsonDocument.Parse(SpecExamples.Read("location_patch_example_tariff.json")).RootElement;
        var errors = new FieldErrors();

        var patched = LocationPatch.Apply(connector, patch, errors);

        patched.ShouldNotBeNull(Describe(errors));
        LocationValidation.ValidateConnector(patched).IsValid.ShouldBeTrue();
        patched.TariffIds.ShouldBe(["15"]);
        patched.Standard.ShouldBe(connector.Standard);
    }

    [Fact]
    public void broken_put_evse_example_is_rejected_at_physical_reference()
    {
        LocationValidation.TryReadEvse(SpecExamples.Read(BrokenPutEvseExample), out _, out var errors).ShouldBeFalse();

        var error = errors.ToDictionary().ShouldHaveSingleItem();
        error.Key.ShouldBe("physical_reference");
        error.Value.ShouldBe(["must be a string, not the number 3"]);
    }

    [Fact]
    public void broken_put_evse_example_with_physical_reference_fixed_still_names_the_missing_connector_fields()
    {
        var evse = SpecExamples.ReadObject(BrokenPutEvseExample);
        evse["physical_reference"] = "3";

        LocationValidation.TryReadEvse(evse.ToJsonString(), out _, out var errors).ShouldBeFalse();

        errors.ToDictionary().Keys.Order(StringComparer.Ordinal).ShouldBe(
        [
            "connectors[0].last_updated",
            "connectors[0].max_amperage",
            "connectors[0].max_voltage",
            "connectors[0].power_type",
        ]);
    }

    private static Location ReadLocation(string fileName) =>
        JsonSerializer.Deserialize<Location>(SpecExamples.Read(fileName), OcpiJson.Options)!;

    private static string Describe(FieldErrors errors) =>
        string.Join("; ", errors.ToDictionary().Select(error => $"{error.Key}: {string.Join(", ", error.Value)}"));
}
