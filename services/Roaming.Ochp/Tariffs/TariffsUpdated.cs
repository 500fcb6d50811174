using Roaming.Ochp.Datasets;

namespace Roaming.Ochp.Tariffs;

/// <summary>An operator added or replaced tariffs (UpdateTariffs), each whole, keyed by its compact tariff id.</summary>
public sealed record TariffsUpdated(string ParticipantId, IReadOnlyList<ReceivedEntry> Entries);
