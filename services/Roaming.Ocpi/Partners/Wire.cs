using System.Text.Json.Serialization;

namespace Roaming.Ocpi.Partners;

// OCPI 2.2.1 configuration objects (credentials 7.x, versions 6.x) as they travel.

public sealed record BusinessDetails(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("website")] string? Website = null,
    [property: JsonPropertyName("logo")] Logo? Logo = null);

/// <summary>OCPI Image (locations 8.4.15) as a business logo: a URL, never image data.</summary>
public sealed record Logo(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("thumbnail")] string? Thumbnail = null,
    [property: JsonPropertyName("width")] int? Width = null,
    [property: JsonPropertyName("height")] int? Height = null);

public sealed record CredentialsRole(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("business_details")] BusinessDetails BusinessDetails,
    [property: JsonPropertyName("party_id")] string PartyId,
    [property: JsonPropertyName("country_code")] string CountryCode)
{
    public bool IsParty(string countryCode, string partyId) =>
        string.Equals(CountryCode, countryCode, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(PartyId, partyId, StringComparison.OrdinalIgnoreCase);
}

public sealed record OcpiCredentials(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("roles")] IReadOnlyList<CredentialsRole> Roles);

public sealed record VersionInfo(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("url")] string Url);

public sealed record Endpoint(
    [property: JsonPropertyName("identifier")] string Identifier,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("url")] string Url);

public sealed record VersionDetails(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("endpoints")] IReadOnlyList<Endpoint> Endpoints);

public static class InterfaceRoles
{
    public const string Sender = "SENDER";
    public const string Receiver = "RECEIVER";
}
