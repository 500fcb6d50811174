using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Roaming.Ocpi.Transport;

/// <summary>Where we are reachable for partners; <c>Roaming:Ocpi:PublicUrl</c> wins over the address the request came to (behind a proxy).</summary>
public sealed class OcpiOptions
{
    public string? PublicUrl { get; set; }

    /// <summary>How long a pushed request waits for the partner.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long we keep retrying a push the partner does not take (unreachable, 408, 429, 5xx, OCPI "try later"), counted
    /// from when it was queued; afterwards it is kept as <c>expired</c> for the operator to resend.
    /// </summary>
    public TimeSpan DeliveryGiveUpAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The wait after a push's first failed attempt; each further failure doubles it (with jitter) up to <see cref="DeliveryMaxRetryInterval"/>.</summary>
    public TimeSpan DeliveryFirstRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts of one push (a <c>Retry-After</c> from the partner may ask for longer).</summary>
    public TimeSpan DeliveryMaxRetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a real-time authorization for a waiting charger may take at the e-MSP; below Ingest's
    /// <c>Roaming:Ingest:RealTimeAuthorizationTimeout</c> (3 s) so that the answer still reaches the charger.
    /// </summary>
    public TimeSpan RealTimeAuthorizationTimeout { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>The OCPI hub's settings (<c>Roaming:Ocpi:Hub</c>).</summary>
    public Hub.HubOptions Hub { get; set; } = new();

    /// <summary>Where the partner-token key is generated when nothing is configured (the embedded default).</summary>
    public const string DevelopmentTokenKeyPath = ".data/ocpi/token-key";

    /// <summary>File with the key (Base64 of 32 bytes) that encrypts the tokens partners gave us (AES-256-GCM).</summary>
    public string? TokenKeyPath { get; set; }

    /// <summary>Earlier token keys: they still decrypt what they encrypted, never encrypt.</summary>
    public List<string> RetiredTokenKeyPaths { get; set; } = [];

    /// <summary>The <c>business_details</c> of our credentials' roles; the name defaults to <c>Roaming &lt;party&gt;</c>.</summary>
    public OwnBusinessDetails BusinessDetails { get; set; } = new();

    /// <summary>The OCPI roles this platform implements for its own party.</summary>
    public static readonly IReadOnlyList<string> ImplementedRoles = ["CPO", "EMSP"];

    /// <summary>The roles our credentials advertise for our party: CPO, EMSP or both (unset: both).</summary>
    public string[]? Roles { get; set; }

    /// <summary>The effective <see cref="Roles"/> (unset rather than a default list: a bound list appends to its default).</summary>
    public IReadOnlyList<string> AdvertisedRoles => Roles ?? ImplementedRoles;

    /// <summary>Refuses what partners would refuse or misread, naming the setting (the host prints it and exits 1).</summary>
    public void Validate()
    {
        if (AdvertisedRoles.Count == 0 || AdvertisedRoles.Any(role => !ImplementedRoles.Contains(role, StringComparer.Ordinal)) ||
            AdvertisedRoles.Distinct(StringComparer.Ordinal).Count() != AdvertisedRoles.Count)
            throw new ArgumentException(
                $"Roaming:Ocpi:Roles is [{string.Join(", ", AdvertisedRoles)}]: expected CPO, EMSP or both, each once (this platform implements those two roles).");
        BusinessDetails.Validate();
        Hub.Validate();
        RequirePositive("Roaming:Ocpi:DeliveryGiveUpAfter", DeliveryGiveUpAfter);
        RequirePositive("Roaming:Ocpi:DeliveryFirstRetryAfter", DeliveryFirstRetryAfter);
        RequirePositive("Roaming:Ocpi:DeliveryMaxRetryInterval", DeliveryMaxRetryInterval);
        if (DeliveryMaxRetryInterval < DeliveryFirstRetryAfter)
            throw new ArgumentException(
                $"Roaming:Ocpi:DeliveryMaxRetryInterval is {DeliveryMaxRetryInterval}, shorter than Roaming:Ocpi:DeliveryFirstRetryAfter ({DeliveryFirstRetryAfter}): the longest wait cannot be below the first.");
    }

    private static void RequirePositive(string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            throw new ArgumentException($"{setting} is {value}: expected a positive duration (e.g. 3.00:00:00 for three days).");
    }

    /// <summary>The push retry settings as the pure <see cref="Pushing.DeliveryPolicy"/> takes them.</summary>
    public Pushing.RetryTimings DeliveryTimings => new(NodaTime.Duration.FromTimeSpan(DeliveryFirstRetryAfter),
        NodaTime.Duration.FromTimeSpan(DeliveryMaxRetryInterval), NodaTime.Duration.FromTimeSpan(DeliveryGiveUpAfter));
}

public static class OcpiUrls
{
    public const string Version = "2.2.1";
    public const string Root = "/ocpi";
    public const string VersionRoot = Root + "/" + Version;

    public static string BaseUrl(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices?.GetService<IOptions<OcpiOptions>>()?.Value.PublicUrl;
        return string.IsNullOrEmpty(configured) ? $"{request.Scheme}://{request.Host}" : configured.TrimEnd('/');
    }

    public static string VersionsUrl(string baseUrl) => baseUrl + Root + "/versions";

    public static string Module(string baseUrl, string path) => baseUrl + VersionRoot + "/" + path;

    /// <summary>Joins URL segments without assuming whether the base has a trailing slash (ocpi.md 7.9).</summary>
    public static string Join(string baseUrl, params string[] segments) =>
        segments.Aggregate(baseUrl.TrimEnd('/'), (url, segment) => url + "/" + Uri.EscapeDataString(segment));
}
