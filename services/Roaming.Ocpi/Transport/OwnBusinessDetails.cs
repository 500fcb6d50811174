using Roaming.Ocpi.Partners;

namespace Roaming.Ocpi.Transport;

/// <summary><c>Roaming:Ocpi:BusinessDetails</c>: how our credentials name us to partners (OCPI BusinessDetails, locations 8.4.2).</summary>
public sealed class OwnBusinessDetails
{
    /// <summary>string(100). Unset: <c>Roaming &lt;country&gt;*&lt;party&gt;</c>, as before it was configurable.</summary>
    public string? Name { get; set; }

    /// <summary>URL of the operator's website.</summary>
    public string? Website { get; set; }

    public OwnLogo? Logo { get; set; }

    public BusinessDetails ToWire(string defaultName) => new(
        string.IsNullOrWhiteSpace(Name) ? defaultName : Name,
        string.IsNullOrWhiteSpace(Website) ? null : Website,
        Logo is { Url: { Length: > 0 } url } logo ? new Logo(url, logo.Category, logo.Type, logo.Thumbnail, logo.Width, logo.Height) : null);

    public void Validate()
    {
        if (Name is { Length: > 100 })
            throw new ArgumentException($"Roaming:Ocpi:BusinessDetails:Name has {Name.Length} characters: OCPI allows at most 100.");
        CheckUrl("Roaming:Ocpi:BusinessDetails:Website", Website);
        if (Logo is null)
            return;
        CheckUrl("Roaming:Ocpi:BusinessDetails:Logo:Url", Logo.Url);
        if (string.IsNullOrEmpty(Logo.Url))
            throw new ArgumentException("Roaming:Ocpi:BusinessDetails:Logo is set without a Url.");
        CheckUrl("Roaming:Ocpi:BusinessDetails:Logo:Thumbnail", Logo.Thumbnail);
        string[] categories = ["CHARGER", "ENTRANCE", "LOCATION", "NETWORK", "OPERATOR", "OTHER", "OWNER"];
        if (!categories.Contains(Logo.Category, StringComparer.Ordinal))
            throw new ArgumentException($"Roaming:Ocpi:BusinessDetails:Logo:Category is '{Logo.Category}': expected one of {string.Join(", ", categories)}.");
        if (Logo.Type is not { Length: > 0 and <= 4 })
            throw new ArgumentException($"Roaming:Ocpi:BusinessDetails:Logo:Type is '{Logo.Type}': expected the image type in at most 4 characters (png, jpeg, svg, ...).");
    }

    private static void CheckUrl(string key, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            throw new ArgumentException($"{key} is '{value}': expected an absolute http(s) URL.");
    }
}

/// <summary><c>Roaming:Ocpi:BusinessDetails:Logo</c> (OCPI Image).</summary>
public sealed class OwnLogo
{
    public string? Url { get; set; }
    public string? Thumbnail { get; set; }

    /// <summary>ImageCategory; a logo is an <c>OPERATOR</c> image unless said otherwise.</summary>
    public string Category { get; set; } = "OPERATOR";

    /// <summary>CiString(4): png, jpeg, svg, gif.</summary>
    public string Type { get; set; } = "png";

    public int? Width { get; set; }
    public int? Height { get; set; }
}
