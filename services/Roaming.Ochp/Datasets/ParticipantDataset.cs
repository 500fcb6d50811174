using Marten.Events.Aggregation;
using Roaming.Ochp.Authorisations;
using Roaming.Ochp.Bridge;
using Roaming.Ochp.ChargePoints;
using Roaming.Ochp.LiveStatus;
using Roaming.Ochp.Tariffs;

namespace Roaming.Ochp.Datasets;

/// <summary>A participant's current dataset of one kind, entries by key (read model of its stream).</summary>
public sealed record ParticipantDataset(string Id, string Dataset, string ParticipantId, Dictionary<string, ReceivedEntry> Entries)
{
    public ParticipantDataset Replaced(IReadOnlyList<ReceivedEntry> entries) =>
        this with { Entries = entries.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last()) };

    public ParticipantDataset Updated(IReadOnlyList<ReceivedEntry> entries)
    {
        var merged = new Dictionary<string, ReceivedEntry>(Entries);
        foreach (var entry in entries)
            merged[entry.Key] = entry;
        return this with { Entries = merged };
    }

    public ParticipantDataset Without(IReadOnlyList<string> keys)
    {
        var kept = new Dictionary<string, ReceivedEntry>(Entries);
        foreach (var key in keys)
            kept.Remove(key);
        return this with { Entries = kept };
    }

    public static ParticipantDataset Empty(string dataset, string participantId) =>
        new(Datasets.StreamKey(dataset, participantId), dataset, participantId, []);
}

/// <summary>Folds every dataset stream: a <c>Set</c> replaces the entries, an <c>Update</c> (or an OCPI object the bridge stored) adds or replaces by key, an OCPI object removed through the hub takes its entries out.</summary>
public sealed class ParticipantDatasetProjection : SingleStreamProjection<ParticipantDataset, string>
{
    public static ParticipantDataset Create(RoamingAuthorisationListSet set) => Empty(Datasets.RoamingAuthorisations, set.ParticipantId).Replaced(set.Entries);
    public static ParticipantDataset Create(RoamingAuthorisationListUpdated update) => Empty(Datasets.RoamingAuthorisations, update.ParticipantId).Updated(update.Entries);
    public static ParticipantDataset Create(ChargePointListSet set) => Empty(Datasets.ChargePoints, set.ParticipantId).Replaced(set.Entries);
    public static ParticipantDataset Create(ChargePointListUpdated update) => Empty(Datasets.ChargePoints, update.ParticipantId).Updated(update.Entries);
    public static ParticipantDataset Create(TariffsUpdated update) => Empty(Datasets.Tariffs, update.ParticipantId).Updated(update.Entries);
    public static ParticipantDataset Create(EvseStatusUpdated update) => Empty(Datasets.EvseStatus, update.ParticipantId).Updated(update.Entries);
    public static ParticipantDataset Create(OcpiObjectBridged bridged) => Empty(bridged.Dataset, bridged.ParticipantId).Updated(bridged.Entries);
    public static ParticipantDataset Create(OcpiObjectRemoved removed) => Empty(removed.Dataset, removed.ParticipantId);

    public static ParticipantDataset Apply(RoamingAuthorisationListSet set, ParticipantDataset dataset) => dataset.Replaced(set.Entries);
    public static ParticipantDataset Apply(RoamingAuthorisationListUpdated update, ParticipantDataset dataset) => dataset.Updated(update.Entries);
    public static ParticipantDataset Apply(ChargePointListSet set, ParticipantDataset dataset) => dataset.Replaced(set.Entries);
    public static ParticipantDataset Apply(ChargePointListUpdated update, ParticipantDataset dataset) => dataset.Updated(update.Entries);
    public static ParticipantDataset Apply(TariffsUpdated update, ParticipantDataset dataset) => dataset.Updated(update.Entries);
    public static ParticipantDataset Apply(EvseStatusUpdated update, ParticipantDataset dataset) => dataset.Updated(update.Entries);
    public static ParticipantDataset Apply(OcpiObjectBridged bridged, ParticipantDataset dataset) => dataset.Updated(bridged.Entries);
    public static ParticipantDataset Apply(OcpiObjectRemoved removed, ParticipantDataset dataset) => dataset.Without(removed.Keys);

    private static ParticipantDataset Empty(string dataset, string participantId) => ParticipantDataset.Empty(dataset, participantId);
}
