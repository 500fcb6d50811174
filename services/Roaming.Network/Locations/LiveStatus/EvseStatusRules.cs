using NodaTime;
using Roaming.Protocols.Ocpi.Locations;

namespace Roaming.Network.Locations.LiveStatus;

/// <summary>
/// Pure: the OCPI 2.2.1 status of an EVSE from the OCPP statuses of its connectors (1.6 and 2.0.1 StatusNotification).
/// </summary>
/// <remarks>
/// OCPI describes CHARGING as "the EVSE is in use" and BLOCKED as "not accessible because of a physical barrier, i.e. a
/// car". So every state of a session in progress is CHARGING: Preparing (a driver plugged in or was authorized),
/// Charging, SuspendedEV and SuspendedEVSE (no energy flows, but the session holds the EVSE), and 2.0.1 Occupied while a
/// transaction runs. Finishing (the session ended, the car or cable still occupies the connector) and Occupied without
/// a transaction are BLOCKED. Faulted is OUTOFORDER (something is broken), Unavailable is INOPERATIVE (switched off, not
/// broken). A status OCPP does not define is UNKNOWN.
/// One EVSE charges one vehicle at a time, so the connector that says most about whether a driver can use the EVSE
/// decides: in use (CHARGING, then BLOCKED), then RESERVED, then AVAILABLE (another connector can still be used when
/// one is broken or off), then INOPERATIVE, then OUTOFORDER (only when every known connector is broken), then UNKNOWN.
/// </remarks>
public static class EvseStatusRules
{
    private static readonly EvseStatus[] Precedence =
    [
        EvseStatus.Charging, EvseStatus.Blocked, EvseStatus.Reserved, EvseStatus.Available,
        EvseStatus.Inoperative, EvseStatus.OutOfOrder, EvseStatus.Unknown,
    ];

    /// <summary>What one connector's OCPP status says about its EVSE.</summary>
    public static EvseStatus ForConnector(string ocppStatus, bool inTransaction) => ocppStatus switch
    {
        "Available" => EvseStatus.Available,
        "Preparing" or "Charging" or "SuspendedEVSE" or "SuspendedEV" => EvseStatus.Charging,
        "Finishing" => EvseStatus.Blocked,
        "Occupied" => inTransaction ? EvseStatus.Charging : EvseStatus.Blocked,
        "Reserved" => EvseStatus.Reserved,
        "Unavailable" => EvseStatus.Inoperative,
        "Faulted" => EvseStatus.OutOfOrder,
        _ => EvseStatus.Unknown,
    };

    /// <summary>The EVSE's status from its connectors' (UNKNOWN when none reported yet).</summary>
    public static EvseStatus ForEvse(IEnumerable<EvseStatus> connectors)
    {
        var reported = connectors.ToHashSet();
        return Precedence.FirstOrDefault(reported.Contains, EvseStatus.Unknown);
    }

    /// <summary>
    /// Applies one connector's report to the EVSE's live state. Null when the report is older than the last one applied to
    /// the EVSE (frames can arrive out of order after a charger was offline); otherwise the next state and, when the EVSE's
    /// status differs from <paramref name="published"/> (what the location shows now), the status to record. An EVSE the
    /// operator marked REMOVED stays REMOVED: a charger still reporting does not bring it back to partners.
    /// </summary>
    public static EvseStatusDecision? Apply(EvseLiveState? current, string id, string connectorId, string ocppStatus, bool inTransaction,
        Instant reportedAt, EvseStatus? published)
    {
        if (current is not null && reportedAt < current.LastReportedAt)
            return null;
        var connectors = new Dictionary<string, EvseStatus>(current?.Connectors ?? new Dictionary<string, EvseStatus>(), StringComparer.OrdinalIgnoreCase)
        {
            [connectorId] = ForConnector(ocppStatus, inTransaction),
        };
        var status = ForEvse(connectors.Values);
        return new EvseStatusDecision(new EvseLiveState(id, connectors, reportedAt),
            published == EvseStatus.Removed || status == published ? null : status);
    }
}

/// <summary>What Network last heard from the connectors of one EVSE (id: location key / EVSE uid).</summary>
public sealed record EvseLiveState(string Id, IReadOnlyDictionary<string, EvseStatus> Connectors, Instant LastReportedAt)
{
    public static string IdFor(string locationKey, string evseUid) => $"{locationKey}/{evseUid.ToUpperInvariant()}";
}

/// <summary>The EVSE's next live state, and its new status when it changed.</summary>
public sealed record EvseStatusDecision(EvseLiveState Next, EvseStatus? ChangedTo);
