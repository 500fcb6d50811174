using System.Text.Json.Serialization;
using NodaTime;


namespace Roaming.Protocols.Ocpi.Locations;

// The smaller OCPI 2.2.1 classes that Location and EVSE are built from.

/// <summary>A point related to a Location, such as a parking entrance, with an optional name.</summary>
public sealed record AdditionalGeoLocation
{
    [JsonPropertyName("latitude")] public string? Latitude { get; init; }

    [JsonPropertyName("longitude")] public string? Longitude { get; init; }

    [JsonPropertyName("name")] public DisplayText? Name { get; init; }
}

/// <summary>Operator, suboperator or owner of a Location.</summary>
public sealed record BusinessDetails
{
    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("website")] public string? Website { get; init; }

    [JsonPropertyName("logo")] public Image? Logo { get; init; }
}

/// <summary>A link to a photo or logo; OCPI carries only URLs, never image data.</summary>
public sealed record Image
{
    [JsonPropertyName("url")] public string? Url { get; init; }

    [JsonPropertyName("thumbnail")] public string? Thumbnail { get; init; }

    [JsonPropertyName("category")] public OcpiEnum<ImageCategory>? Category { get; init; }

    /// <summary>CiString(4): gif, jpeg, png, svg...</summary>
    [JsonPropertyName("type")] public string? Type { get; init; }

    [JsonPropertyName("width")] public int? Width { get; init; }

    [JsonPropertyName("height")] public int? Height { get; init; }
}

/// <summary>Opening hours: either 24/7 or regular weekday hours, plus dated exceptions.</summary>
public sealed record Hours
{
    /// <summary>Absent only in an invalid payload; the validator requires it.</summary>
    [JsonPropertyName("twentyfourseven")] public bool? TwentyFourSeven { get; init; }

    /// <summary>Only when <c>twentyfourseven = false</c>, and then at least one.</summary>
    [JsonPropertyName("regular_hours")] public IReadOnlyList<RegularHours>? RegularHours { get; init; }

    [JsonPropertyName("exceptional_openings")] public IReadOnlyList<ExceptionalPeriod>? ExceptionalOpenings { get; init; }

    [JsonPropertyName("exceptional_closings")] public IReadOnlyList<ExceptionalPeriod>? ExceptionalClosings { get; init; }
}

/// <summary>A weekly recurring period in the Location's local time.</summary>
public sealed record RegularHours
{
    /// <summary>1 = Monday ... 7 = Sunday.</summary>
    [JsonPropertyName("weekday")] public int? Weekday { get; init; }

    /// <summary>"HH:MM", 24-hour clock with leading zeros.</summary>
    [JsonPropertyName("period_begin")] public string? PeriodBegin { get; init; }

    /// <summary>"HH:MM", later than <see cref="PeriodBegin"/>.</summary>
    [JsonPropertyName("period_end")] public string? PeriodEnd { get; init; }
}

/// <summary>A dated opening or closing, in UTC.</summary>
public sealed record ExceptionalPeriod
{
    [JsonPropertyName("period_begin"), JsonConverter(typeof(OcpiDateTimeJsonConverter))]
    public Instant? PeriodBegin { get; init; }

    [JsonPropertyName("period_end"), JsonConverter(typeof(OcpiDateTimeJsonConverter))]
    public Instant? PeriodEnd { get; init; }
}

/// <summary>
/// Identifies tokens whose owners may see an unpublished Location. At least one of uid, visual_number or
/// group_id; uid needs type, visual_number needs issuer.
/// </summary>
public sealed record PublishTokenType
{
    [JsonPropertyName("uid")] public string? Uid { get; init; }

    [JsonPropertyName("type")] public OcpiEnum<TokenType>? Type { get; init; }

    [JsonPropertyName("visual_number")] public string? VisualNumber { get; init; }

    [JsonPropertyName("issuer")] public string? Issuer { get; init; }

    [JsonPropertyName("group_id")] public string? GroupId { get; init; }
}
