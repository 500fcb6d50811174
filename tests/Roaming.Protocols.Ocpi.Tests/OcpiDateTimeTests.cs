using System.Text.Json;
using NodaTime;
using Shouldly;
using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi.Tests;

/// <summary>The one OCPI DateTime rule (see <see cref="OcpiDateTime"/>): what is read, what is refused, what is written.</summary>
public class OcpiDateTimeTests
{
    private static readonly Instant Example = Instant.FromUtc(2015, 6, 29, 20, 39, 9);

    [Theory]
    [InlineData("2015-06-29T20:39:09Z", 0L)]
    [InlineData("2015-06-29T20:39:09z", 0L)] // RFC 3339 5.6: Z may be lower case
    [InlineData("2015-06-29T20:39:09", 0L)] // OCPI: a missing Z means UTC
    [InlineData("2015-06-29T20:39:09.1Z", 100_000_000L)]
    [InlineData("2015-06-29T20:39:09.123Z", 123_000_000L)]
    [InlineData("2015-06-29T20:39:09.1234567Z", 123_456_700L)] // .NET's "o" format, beyond string(25) yet meant as UTC
    [InlineData("2015-06-29T20:39:09.123456789", 123_456_789L)]
    public void Reads(string text, long nanosecondsAfterExample) =>
        OcpiDateTime.TryParse(text).ShouldBe(Example + Duration.FromNanoseconds(nanosecondsAfterExample));

    [Theory]
    [InlineData("2015-06-29T20:39:09+00:00")] // no offset at all, not even zero
    [InlineData("2015-06-29T22:39:09+02:00")]
    [InlineData("2015-06-29T15:39:09-05:00")]
    [InlineData("2015-06-29t20:39:09Z")]
    [InlineData("2015-06-29 20:39:09Z")]
    [InlineData("2015-06-29")]
    [InlineData("29-06-2015")]
    [InlineData("2015-06-29T20:39Z")]
    [InlineData("2015-06-29T20:39:09.Z")]
    [InlineData("2015-06-29T20:39:09.1234567890Z")]
    [InlineData("2015-02-30T20:39:09Z")]
    [InlineData("2015-06-29T24:00:00Z")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses(string? text) => OcpiDateTime.TryParse(text).ShouldBeNull();

    [Theory]
    [InlineData(0L, "2015-06-29T20:39:09Z")]
    [InlineData(120_000_000L, "2015-06-29T20:39:09.12Z")]
    [InlineData(123_000_000L, "2015-06-29T20:39:09.123Z")]
    [InlineData(123_999_999L, "2015-06-29T20:39:09.123Z")] // at most milliseconds: the rest is cut, not rounded
    public void Writes(long nanosecondsAfterExample, string text)
    {
        OcpiDateTime.Format(Example + Duration.FromNanoseconds(nanosecondsAfterExample)).ShouldBe(text);
        text.Length.ShouldBeLessThanOrEqualTo(25);
    }

    [Fact]
    public void AnOffsetIsRefusedWithAMessageNamingTheRule()
    {
        var errors = new FieldErrors();
        OcpiJson.Deserialize<Stamped>("""{"last_updated": "2015-06-29T20:39:09+01:00"}""", errors).ShouldBeNull();
        errors.ToDictionary()["last_updated"].ShouldBe(["must be in UTC without an offset (like 2015-06-29T20:39:09Z); OCPI does not allow '2015-06-29T20:39:09+01:00'"]);
    }

    [Fact]
    public void TheJsonOptionsWriteOcpiDateTimes() =>
        JsonSerializer.Serialize(new Stamped { LastUpdated = Example + Duration.FromMilliseconds(5) }, OcpiJson.Options)
            .ShouldBe("""{"last_updated":"2015-06-29T20:39:09.005Z"}""");

    private sealed record Stamped
    {
        [System.Text.Json.Serialization.JsonPropertyName("last_updated")] public Instant? LastUpdated { get; init; }
    }
}
