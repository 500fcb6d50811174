using Roaming.Protocols.Ochp;

namespace Roaming.Protocols.Bridge;

/// <summary>
/// An OCPI 2.2.1 EVSE status → OCHP live status (major, minor), within OCHP's allowed pairs: unknown/–,
/// available/{available, reserved}, not-available/{charging, blocked, reserved, outoforder}. A reserved EVSE is not
/// available to anyone else, so it is not-available/reserved.
/// </summary>
public static class OcpiEvseStatusToOchpStatus
{
    public static (MajorStatus Major, MinorStatus? Minor) Map(string ocpiStatus) => ocpiStatus switch
    {
        "AVAILABLE" => (MajorStatus.Available, MinorStatus.Available),
        "CHARGING" => (MajorStatus.NotAvailable, MinorStatus.Charging),
        "RESERVED" => (MajorStatus.NotAvailable, MinorStatus.Reserved),
        "BLOCKED" => (MajorStatus.NotAvailable, MinorStatus.Blocked),
        "OUTOFORDER" or "INOPERATIVE" or "REMOVED" => (MajorStatus.NotAvailable, MinorStatus.OutOfOrder),
        _ => (MajorStatus.Unknown, null),
    };
}
