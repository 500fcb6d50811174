using Marten;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Soap;
using DatasetNames = Roaming.Ochp.Datasets.Datasets;

namespace Roaming.Ochp.Bridge.SendingToOcpi;

/// <summary>
/// The glue between an OCHP upload and <see cref="OchpUploadsInOcpi"/>: what the upload changed, read against the
/// uploader's datasets (the one being written, locked, as it was before; the others as stored), handed to
/// <see cref="DatasetStreams.Append"/> so the bridge events commit with the upload.
/// </summary>
public static class BridgingUploads
{
    /// <param name="fullList">SetRoamingAuthorisationList: entries of the old list missing from the new one are revoked.</param>
    public static BridgeUpload Tokens(OchpCall call, IReadOnlyList<ReceivedEntry> stored, bool fullList) => (_, before, _) =>
    {
        var keys = stored.Select(e => e.Key).ToHashSet();
        var dropped = fullList ? (before?.Entries.Values.AsEnumerable() ?? []).Where(e => !keys.Contains(e.Key)) : [];
        return Task.FromResult(OchpUploadsInOcpi.Tokens(call.Caller.ParticipantId, call.Caller.Actor, stored, dropped, call.ReceivedAt));
    };

    /// <param name="fullList">SetChargepointList: charge points of the old list missing from the new one are removed.</param>
    public static BridgeUpload ChargePoints(OchpCall call, IReadOnlyList<ReceivedEntry> stored, bool fullList) => async (session, before, cancellation) =>
    {
        var keys = stored.Select(e => e.Key).ToHashSet();
        var previous = (before?.Entries.Values.AsEnumerable() ?? []).Where(e => !keys.Contains(e.Key)).ToList();
        var current = fullList ? stored : previous.Concat(stored).ToList();
        var dropped = fullList ? previous : [];
        var statuses = await Dataset(session, DatasetNames.EvseStatus, call, cancellation);
        return OchpUploadsInOcpi.Locations(call.Caller.ParticipantId, call.Caller.Actor, current, dropped,
            keys.Concat(dropped.Select(e => e.Key)).ToHashSet(), statuses, call.ReceivedAt);
    };

    public static BridgeUpload Statuses(OchpCall call, IReadOnlyList<ReceivedEntry> stored) => async (session, before, cancellation) =>
    {
        var keys = stored.Select(e => e.Key).ToHashSet();
        var statuses = (before?.Entries.Values.AsEnumerable() ?? []).Where(e => !keys.Contains(e.Key)).Concat(stored);
        var chargePoints = await Dataset(session, DatasetNames.ChargePoints, call, cancellation);
        return OchpUploadsInOcpi.Locations(call.Caller.ParticipantId, call.Caller.Actor, chargePoints, [], keys, statuses, call.ReceivedAt);
    };

    public static BridgeUpload Tariffs(OchpCall call, IReadOnlyList<ReceivedEntry> stored) => (_, _, _) =>
        Task.FromResult(OchpUploadsInOcpi.Tariffs(call.Caller.ParticipantId, call.Caller.Actor, stored, call.ReceivedAt));

    private static async Task<IReadOnlyList<ReceivedEntry>> Dataset(IQuerySession session, string dataset, OchpCall call, CancellationToken cancellation) =>
        (await session.LoadAsync<ParticipantDataset>(DatasetNames.StreamKey(dataset, call.Caller.ParticipantId), cancellation))?.Entries.Values.ToList() ?? [];
}
