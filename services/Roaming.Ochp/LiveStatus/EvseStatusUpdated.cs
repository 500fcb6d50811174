using Roaming.Ochp.Datasets;

namespace Roaming.Ochp.LiveStatus;

/// <summary>An operator reported the live status of EVSEs (UpdateStatus), each keyed by normalised EVSE-ID, with its expiry.</summary>
public sealed record EvseStatusUpdated(string ParticipantId, IReadOnlyList<ReceivedEntry> Entries);
