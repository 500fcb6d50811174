using NodaTime;

namespace Roaming.Ochp.Datasets;

/// <summary>
/// One entry of a participant's dataset as it was received: its key within the dataset (EMT-ID, EVSE-ID, tariff id),
/// the Operator- or Provider-ID that owns it (canonical, <c>DE*ABC</c>), the element's XML as received, and when it
/// arrived (what <c>Get…Updates(lastUpdate)</c> compares with).
/// </summary>
/// <param name="ExpiresAt">Live status only: when the status stops being valid (its ttl).</param>
public sealed record ReceivedEntry(
    string Key,
    string Owner,
    string Xml,
    Instant ReceivedAt,
    Instant? ExpiresAt = null);

/// <summary>The kinds of data a participant uploads; each participant has one stream per kind.</summary>
public static class Datasets
{
    public const string RoamingAuthorisations = "roaming-authorisations";
    public const string ChargePoints = "charge-points";
    public const string Tariffs = "tariffs";
    public const string EvseStatus = "evse-status";

    public static string StreamKey(string dataset, string participantId) => $"{dataset}/{participantId}";
}
