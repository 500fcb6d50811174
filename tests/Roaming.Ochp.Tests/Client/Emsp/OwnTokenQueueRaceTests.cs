using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Roaming.Contracts.Tokens.V1;
using Roaming.Ochp.Client.Emsp.Tokens;
using Roaming.Ochp.Tests.Client.Cpo;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ochp.Tests.Client.Emsp;

/// <summary>
/// The token upload job records the clearing house's answers while Tokens' changes queue newer revisions of the same
/// tokens, on real PostgreSQL with the real consumer. Whatever the interleaving, each token's document must be the fold
/// of its events: a lost update (the job's fold of an older document committed last) would mark a queued revision as
/// accepted, and a blocked token would stay valid on the clearing house's authorisation list.
/// </summary>
public sealed class OwnTokenQueueRaceTests : IAsyncLifetime
{
    private OurCpoHost _ours = null!;

    // No e-MSP login: the upload job is not scheduled; this test plays its answers. Our party is the default NL*TNM.
    public async Task InitializeAsync() =>
        _ours = await OurCpoHost.Start("ochp_emsp_token_race", $"http://127.0.0.1:{TestServers.FreeTcpPort()}");

    public async Task DisposeAsync() => await _ours.DisposeAsync();

    [Fact]
    public async Task Answers_recorded_while_new_revisions_are_queued_never_hide_a_queued_revision()
    {
        var store = _ours.Services.GetRequiredService<IOchpStore>();
        string[] uids = ["04A2B3C1", "04A2B3C2", "04A2B3C3"];
        foreach (var uid in uids)
            await _ours.Publish(Changed(uid, valid: true));

        const int rounds = 240;
        var queueing = Task.Run(async () =>
        {
            for (var round = 0; round < rounds; round++)
                await _ours.Publish(Changed(uids[round % uids.Length], valid: round % 2 == 0));
        });
        var failedAnswers = new List<string>();
        var answering = Task.Run(async () =>
        {
            while (!queueing.IsCompleted)
            {
                IReadOnlyList<OwnTokenUpload> queued;
                await using (var query = store.QuerySession())
                    queued = await query.Query<OwnTokenUpload>().Where(t => t.State == OwnTokenUpload.Queued).ToListAsync();
                if (queued.Count == 0)
                    continue;
                var now = Now();
                await using var session = store.LightweightSession();
                await OwnTokenUploadJob.AppendAnswers(session,
                    queued.Select(t => (object)new OwnTokenAccepted(t.TokenKey, t.Revision, "update", now + Duration.FromDays(30), now)).ToList(),
                    CancellationToken.None);
                try
                {
                    await session.SaveChangesAsync();
                }
                catch (Exception failure)
                {
                    failedAnswers.Add(failure.Message);
                }
            }
        });
        await Task.WhenAll(queueing, answering);

        await using var check = store.QuerySession();
        foreach (var uid in uids)
        {
            var stream = OwnTokenStreams.Of($"NL*TNM*{uid}");
            var document = (await check.LoadAsync<OwnTokenUpload>(stream))!;
            var folded = (await check.Events.AggregateStreamAsync<OwnTokenUpload>(stream))!;
            (document.Revision, document.AnsweredRevision, document.State, document.Valid)
                .ShouldBe((folded.Revision, folded.AnsweredRevision, folded.State, folded.Valid), $"{stream}: the document is not the fold of its events");
            document.Revision.ShouldBe(1 + rounds / uids.Length, $"{stream}: every change queues a revision");
        }
        failedAnswers.ShouldBeEmpty("recording answers while revisions are queued must not fail");
    }

    private static TokenChanged Changed(string uid, bool valid) =>
        new("NL", "TNM", uid, "RFID", $"NL-TNM-C0000000{uid[^1]}", "TNM", null, valid, "ALLOWED", valid ? "Accepted" : "Blocked", Now());

    private static Instant Now() => SystemClock.Instance.GetCurrentInstant();
}
