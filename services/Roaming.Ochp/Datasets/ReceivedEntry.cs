using System.Collections.Concurrent;
using System.Xml.Linq;
using NodaTime;
using Roaming.Protocols.Ochp;

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
    Instant? ExpiresAt = null)
{
    private static readonly ConcurrentDictionary<Type, XName> RootNames = new();

    /// <summary>The entry as its wire type: the element is stored under its item name (<c>chargePointInfoArray</c>, …).</summary>
    public T As<T>() where T : new()
    {
        var element = XElement.Parse(Xml);
        element.Name = RootNames.GetOrAdd(typeof(T), _ => OchpXml.ToElement(new T()).Name);
        return OchpXml.FromElement<T>(element);
    }
}

/// <summary>The kinds of data a participant uploads; each participant has one stream per kind.</summary>
public static class Datasets
{
    public const string RoamingAuthorisations = "roaming-authorisations";
    public const string ChargePoints = "charge-points";
    public const string Tariffs = "tariffs";
    public const string EvseStatus = "evse-status";

    public static string StreamKey(string dataset, string participantId) => $"{dataset}/{participantId}";
}
