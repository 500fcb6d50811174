using NodaTime;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi.Locations;

namespace Roaming.Protocols.Bridge;

/// <summary>
/// An OCHP charge point's status (static, from its charge point list) and its live status (major, minor, ttl) → the OCPI
/// 2.2.1 EVSE status (pure), the inverse of <see cref="OcpiEvseStatusToOchpStatus"/> where OCHP says as much:
/// <list type="bullet">
/// <item>The static status wins where it says the EVSE cannot be used: Closed → REMOVED, Planned → PLANNED,
/// Inoperative → INOPERATIVE.</item>
/// <item>Otherwise the live status while its ttl lasts: available/available → AVAILABLE; available/reserved (free now, a
/// reservation ahead) → AVAILABLE; not-available/charging → CHARGING, /reserved → RESERVED, /blocked → BLOCKED,
/// /outoforder → OUTOFORDER, without minor → INOPERATIVE; unknown → UNKNOWN.</item>
/// <item>No live status, or an expired one (OCHP: "defaults to unknown"), is UNKNOWN: an Operative charge point says it
/// works, not that it is free.</item>
/// </list>
/// </summary>
public static class OchpStatusToOcpiEvseStatus
{
    public static EvseStatus Map(ChargePointStatus? chargePoint, EvseStatusType? live, Instant now) => chargePoint switch
    {
        ChargePointStatus.Closed => EvseStatus.Removed,
        ChargePointStatus.Planned => EvseStatus.Planned,
        ChargePointStatus.Inoperative => EvseStatus.Inoperative,
        _ when live is null || live.Ttl is { } ttl && ttl <= now => EvseStatus.Unknown,
        _ => Live(live.Major, live.MinorStatus),
    };

    public static EvseStatus Live(MajorStatus major, MinorStatus? minor) => (major, minor) switch
    {
        (MajorStatus.Available, _) => EvseStatus.Available,
        (MajorStatus.NotAvailable, MinorStatus.Charging) => EvseStatus.Charging,
        (MajorStatus.NotAvailable, MinorStatus.Reserved) => EvseStatus.Reserved,
        (MajorStatus.NotAvailable, MinorStatus.Blocked) => EvseStatus.Blocked,
        (MajorStatus.NotAvailable, MinorStatus.OutOfOrder) => EvseStatus.OutOfOrder,
        (MajorStatus.NotAvailable, _) => EvseStatus.Inoperative,
        _ => EvseStatus.Unknown,
    };
}
