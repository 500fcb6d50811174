using Marten;
using Roaming.Ochp.Bridge;
using Roaming.Ochp.Participants;
using Roaming.Ochp.Soap;
using Roaming.Platform.Marten;

namespace Roaming.Ochp.Datasets;

/// <summary>The bridge events of an upload, given the uploader's dataset before it (null: its first upload).</summary>
public delegate Task<IReadOnlyList<object>> BridgeUpload(IQuerySession session, ParticipantDataset? before, CancellationToken cancellation);

/// <summary>Writing a caller's upload to its dataset stream, and reading the entries a caller may see.</summary>
public static class DatasetStreams
{
    /// <summary>
    /// Appends one accepted upload to the caller's stream of <paramref name="dataset"/>, stamped with the caller as actor.
    /// The stream is locked first: the inline projection folds the upload into the dataset as it is after the previous
    /// upload committed, so two concurrent updates of one participant never lose one another's entries.
    /// </summary>
    /// <param name="bridge">
    /// The upload's objects for OCPI parties (<see cref="Bridge.SendingToOcpi.OchpUploadsInOcpi"/>), from the dataset as it
    /// was before the upload; committed with the upload, so the hub learns of every upload exactly when it is stored.
    /// </param>
    public static async Task Append(this OchpCall call, string dataset, object upload, BridgeUpload? bridge = null)
    {
        await using var session = call.Store.LightweightSession().Stamp(new EventContext(call.Caller.Actor, call.ReceivedAt));
        var stream = await session.Events.FetchForExclusiveWriting<ParticipantDataset>(Datasets.StreamKey(dataset, call.Caller.ParticipantId), call.Cancellation);
        var before = stream.Aggregate;
        stream.AppendOne(upload);
        if (bridge is not null)
        {
            var bridged = await bridge(session, before, call.Cancellation);
            if (bridged.Count > 0)
                session.Events.Append(BridgeDirections.UploadsStreamOf(dataset, call.Caller.ParticipantId), bridged.ToArray());
        }
        await session.SaveChangesAsync(call.Cancellation);
    }

    /// <summary>
    /// The entries of <paramref name="dataset"/> owned by one of <paramref name="owners"/> (Operator- or Provider-IDs),
    /// oldest first. Only the streams of participants holding one of those ids are read.
    /// </summary>
    public static async Task<IReadOnlyList<ReceivedEntry>> EntriesOwnedBy(this OchpCall call, string dataset, IReadOnlySet<string> owners)
    {
        if (owners.Count == 0)
            return [];
        await using var session = call.Store.QuerySession();
        var participants = await session.Query<OchpParticipant>().ToListAsync(call.Cancellation);
        var streams = participants
            .Where(p => p.OperatorIds.Any(owners.Contains) || p.ProviderIds.Any(owners.Contains))
            .Select(p => Datasets.StreamKey(dataset, p.Id))
            .ToArray();
        if (streams.Length == 0)
            return [];
        var datasets = await session.LoadManyAsync<ParticipantDataset>(call.Cancellation, streams);
        return datasets.SelectMany(d => d.Entries.Values)
            .Where(e => owners.Contains(e.Owner))
            .OrderBy(e => e.ReceivedAt).ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToList();
    }
}
