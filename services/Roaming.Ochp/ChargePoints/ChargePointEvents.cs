using Roaming.Ochp.Datasets;

namespace Roaming.Ochp.ChargePoints;

/// <summary>An operator replaced its whole charge point list (SetChargepointList): entries keyed by normalised EVSE-ID.</summary>
public sealed record ChargePointListSet(string ParticipantId, IReadOnlyList<ReceivedEntry> Entries);

/// <summary>An operator added or replaced charge points (UpdateChargePointList).</summary>
public sealed record ChargePointListUpdated(string ParticipantId, IReadOnlyList<ReceivedEntry> Entries);
