using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub;

/// <summary>The hub's settings, <c>Roaming:Ocpi:Hub</c>; validated at start-up with the other OCPI settings.</summary>
public sealed class HubOptions
{
    /// <summary>How long a forwarded request waits for the receiving platform before the caller gets 4002.</summary>
    public TimeSpan ForwardTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most one OFFLINE/CONNECTED change of a platform is recorded (and pushed to every platform) per this time; the last observation wins.</summary>
    public TimeSpan ReachabilitySettle { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After a connection failure, how long the hub answers 4003 for that platform without trying (then it tries again).</summary>
    public TimeSpan OfflineHold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the hub keeps a forwarded command's callback (<c>response_url</c>) for the CPO's result. OCPI lets the CPO
    /// answer within the timeout it names in its CommandResponse (usually seconds to minutes); a day is generous. Older
    /// callbacks are refused (2000, not forwarded) and swept away.
    /// </summary>
    public TimeSpan CommandCallbackLifetime { get; set; } = TimeSpan.FromDays(1);

    public void Validate()
    {
        if (ReachabilitySettle < TimeSpan.Zero)
            throw new ArgumentException($"Roaming:Ocpi:Hub:ReachabilitySettle is {ReachabilitySettle}: expected zero or a positive duration (e.g. 00:00:10).");
        if (ForwardTimeout <= TimeSpan.Zero || ForwardTimeout > TimeSpan.FromMinutes(5))
            throw new ArgumentException(
                $"Roaming:Ocpi:Hub:ForwardTimeout is {ForwardTimeout}: expected a positive duration of at most 5 minutes (e.g. 00:00:10); a caller must never hang.");
        if (OfflineHold < TimeSpan.Zero)
            throw new ArgumentException($"Roaming:Ocpi:Hub:OfflineHold is {OfflineHold}: expected zero or a positive duration (e.g. 00:00:30).");
        if (CommandCallbackLifetime <= TimeSpan.Zero)
            throw new ArgumentException(
                $"Roaming:Ocpi:Hub:CommandCallbackLifetime is {CommandCallbackLifetime}: expected a positive duration (e.g. 1.00:00:00); a CPO needs time to post a command's result.");
    }
}

/// <summary>The hub's own URL space, apart from our platform's: <c>{base}/ocpi/hub/versions</c> and <c>{base}/ocpi/hub/2.2.1/...</c>.</summary>
public static class HubUrls
{
    public const string Root = OcpiUrls.Root + "/hub";
    public const string VersionRoot = Root + "/" + OcpiUrls.Version;

    public static string VersionsUrl(string baseUrl) => baseUrl + Root + "/versions";

    public static string Module(string baseUrl, string path) => baseUrl + VersionRoot + "/" + path;

    /// <summary>Where a CPO posts the result of a command forwarded by the hub.</summary>
    public static string Callback(string baseUrl, string id) => Module(baseUrl, "callbacks/" + id);
}
