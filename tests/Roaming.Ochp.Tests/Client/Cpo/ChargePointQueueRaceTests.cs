using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Ochp.Client.ChargePoints;
using Roaming.Protocols.Bridge.Tests;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ochp.Tests.Client.Cpo;

/// <summary>
/// The upload job records "version N sent" while Network's location changes queue newer versions of the same EVSEs, on
/// real PostgreSQL with the real consumer. Whatever the interleaving, the newest version queued for each EVSE must be the
/// one the job sends last: a lost update (the job's fold of an older document committed last) would leave a queued
/// version marked as sent, and it would never reach the clearing house.
/// </summary>
public sealed class ChargePointQueueRaceTests : IAsyncLifetime
{
    private OurCpoHost _ours = null!;

    // Nobody listens there: the host's own upload job fails and records nothing; this test plays the job's answers.
    public async Task InitializeAsync() =>
        _ours = await OurCpoHost.Start("ochp_cpo_client_race", $"http://127.0.0.1:{TestServers.FreeTcpPort()}");

    public async Task DisposeAsync() => await _ours.DisposeAsync();

    [Fact]
    public async Task Sent_answers_recorded_while_new_versions_are_queued_never_hide_a_queued_version()
    {
        var store = _ours.Services.GetRequiredService<IOchpStore>();
        string[] evses = ["EVSE-1", "EVSE-2", "EVSE-3"];
        var streams = evses.Select(uid => OwnChargePoint.StreamFor(EvseId.Parse(EvseIdOf(uid)).Normalised)).ToArray();
        await _ours.Publish(OurCpoHost.LocationChanged(Location(evses)));

        const int rounds = 60;
        var queueing = Task.Run(async () =>
        {
            // Every round drops a different EVSE, so every round queues a new version of two of them.
            for (var round = 0; round < rounds; round++)
                await _ours.Publish(OurCpoHost.LocationChanged(Location(evses.Where((_, i) => i != round % evses.Length).ToArray())));
        });
        // Plays the job: what it reads as pending is what it sends; then it records the answer.
        var sentLast = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        async Task<int> AnswerPending()
        {
            IReadOnlyList<OwnChargePoint> pending;
            await using (var query = store.QuerySession())
                pending = await query.Query<OwnChargePoint>().Where(p => p.Pending).ToListAsync();
            foreach (var point in pending)
                sentLast[point.Id] = point.ChargePointXml;
            if (pending.Count > 0)
                await UploadChargePointsJob.Record(store, pending.Select(p => (p.Id, (object)new OwnChargePointSent(p.Version, false, "ok", Now()))).ToList(),
                    Now(), CancellationToken.None);
            return pending.Count;
        }
        var answering = Task.Run(async () =>
        {
            while (!queueing.IsCompleted)
                await AnswerPending();
        });
        await Task.WhenAll(queueing, answering);
        // The job's later runs send whatever is still pending.
        while (await AnswerPending() > 0)
        {
        }

        await using var session = store.QuerySession();
        foreach (var stream in streams)
        {
            var queued = (await session.Events.FetchStreamAsync(stream)).Select(e => e.Data).OfType<OwnChargePointQueued>().ToList();
            queued.Count.ShouldBeGreaterThan(rounds / 2, $"{stream}: every round that changed it queues a version");
            sentLast.ShouldContainKey(stream);
            sentLast[stream].ShouldBe(queued[^1].ChargePointXml, $"{stream}: the newest version queued was never sent");
            var document = (await session.LoadAsync<OwnChargePoint>(stream))!;
            (document.ChargePointXml, document.Pending).ShouldBe((queued[^1].ChargePointXml, false), $"{stream}: the document lost a version");
        }
    }

    private static Protocols.Ocpi.Locations.Location Location(string[] evseUids) =>
        CpoSamples.Location("LOC1", evseUids.Select(uid => CpoSamples.Evse(uid, EvseIdOf(uid))).ToArray()) with { LastUpdated = Now() };

    private static string EvseIdOf(string uid) => $"DE*ABC*E000000{uid[^1]}";

    private static Instant Now() => SystemClock.Instance.GetCurrentInstant();
}
