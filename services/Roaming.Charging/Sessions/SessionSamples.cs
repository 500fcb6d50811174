using Marten.Events;
using Marten;

namespace Roaming.Charging.Sessions;

/// <summary>
/// The meter samples of sessions, read from their streams (<see cref="MeterSamplesRecorded"/>): the stored
/// <see cref="ChargingSession"/> keeps none, and pricing (running cost, CDR, explanation) needs all of them.
/// One query for any number of sessions.
/// </summary>
public static class SessionSamples
{
    /// <summary>Every committed sample of each of <paramref name="sessionIds"/>, in recording order (sessions without any are absent).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<MeterSampleRecorded>>> LoadMany(IQuerySession session,
        IReadOnlyCollection<string> sessionIds, CancellationToken cancellation)
    {
        if (sessionIds.Count == 0)
            return new Dictionary<string, IReadOnlyList<MeterSampleRecorded>>();
        var ids = sessionIds.Distinct().ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.IsOneOf(ids) && e.EventTypesAre(typeof(MeterSamplesRecorded)))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellation);
        return events.GroupBy(e => e.StreamKey!)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<MeterSampleRecorded>)g.SelectMany(e => ((MeterSamplesRecorded)e.Data).Samples).ToList());
    }

    /// <summary>Stored sessions (or states folded from them) with every sample their streams hold.</summary>
    public static async Task<IReadOnlyList<ChargingSession>> Complete(IQuerySession session, IReadOnlyList<ChargingSession> stored,
        CancellationToken cancellation)
    {
        var samples = await LoadMany(session, stored.Select(s => s.Id).ToList(), cancellation);
        return stored.Select(s => s with { Samples = samples.GetValueOrDefault(s.Id) ?? [] }).ToList();
    }

    public static async Task<ChargingSession> Complete(IQuerySession session, ChargingSession stored, CancellationToken cancellation) =>
        (await Complete(session, [stored], cancellation))[0];
}
