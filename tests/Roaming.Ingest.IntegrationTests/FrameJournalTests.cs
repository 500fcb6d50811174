using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Recording;
using Roaming.Ingest.Transactions;
using Shouldly;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>
/// The frame journal commits on several lanes at once. What chargers rely on: an entry is durable when
/// <see cref="FrameJournal.Record"/> completes, nothing is lost or doubled, and each charger's frames and facts keep
/// the order they were recorded in, however many chargers record at the same time; with and without a linger.
/// </summary>
public abstract class FrameJournalTests(string database, string linger) : IAsyncLifetime
{
    private const int Chargers = 48;
    private const int ExchangesPerCharger = 25;
    private IngestHost _host = null!;

    public async Task InitializeAsync() => _host = await IngestHost.Start(database, new Dictionary<string, string>
    {
        ["Roaming:Ingest:JournalLanes"] = "4",
        ["Roaming:Ingest:JournalLinger"] = linger,
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GivenManyChargersRecordingAtOnce_WhenEachAwaitsItsExchanges_ThenEveryFrameIsStoredOnceInOrderAndDurableOnCompletion()
    {
        var journal = _host.Services.GetRequiredService<FrameJournal>();
        var connection = Guid.CreateVersion7();
        var start = SystemClock.Instance.GetCurrentInstant();

        // Like connections: each charger records its next exchange only after the previous one completed.
        await Task.WhenAll(Enumerable.Range(0, Chargers).Select(c => Task.Run(async () =>
        {
            var id = $"CP-JOURNAL-{c:D3}";
            for (var n = 0; n < ExchangesPerCharger; n++)
            {
                var at = start + Duration.FromSeconds(n);
                var messageId = n.ToString(CultureInfo.InvariantCulture);
                await journal.Record(new JournalEntry(id,
                    [
                        new OcppFrameRecorded(id, connection, FrameDirection.FromChargePoint, messageId, $"[2,\"{n}\",\"Heartbeat\",{{}}]", at),
                        new OcppFrameRecorded(id, connection, FrameDirection.ToChargePoint, messageId, $"[3,\"{n}\",{{}}]", at),
                    ],
                    [new MeterValuesSampled(id, null, 1, 1, [], at, null)], at));
                if (n == 0)
                    // Durable before the answer: a separate session already reads it.
                    (await _host.Events(FrameStreams.For(id))).Count.ShouldBe(2);
            }
        })));

        for (var c = 0; c < Chargers; c++)
        {
            var id = $"CP-JOURNAL-{c:D3}";
            var frames = (await _host.Facts(FrameStreams.For(id))).Cast<OcppFrameRecorded>().ToList();
            frames.Count.ShouldBe(2 * ExchangesPerCharger, id);
            frames.Select(f => f.MessageId).ShouldBe(Enumerable.Range(0, ExchangesPerCharger)
                .SelectMany(n => new[] { n.ToString(CultureInfo.InvariantCulture), n.ToString(CultureInfo.InvariantCulture) }), id);
            frames.Select(f => f.Direction).Distinct().Count().ShouldBe(2);
            var facts = (await _host.Facts(id)).Cast<MeterValuesSampled>().ToList();
            facts.Select(f => f.ReceivedAt).ShouldBe(Enumerable.Range(0, ExchangesPerCharger).Select(n => start + Duration.FromSeconds(n)), id);
        }
    }
}

public sealed class FrameJournalCommittingAtOnceTests() : FrameJournalTests("ingest_it_journal", "00:00:00");

/// <summary>A lane that waits for more entries before it commits still answers only after the commit.</summary>
public sealed class FrameJournalLingeringTests() : FrameJournalTests("ingest_it_journal_linger", "00:00:00.005");
