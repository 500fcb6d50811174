using System.Diagnostics;
using System.Text.RegularExpressions;
using Marten;
using NodaTime;
using Roaming.Ocpi.Hub.Broadcast;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Partners;
using Shouldly;
using Xunit.Abstractions;

namespace Roaming.Ocpi.Tests.Hub.Data;

/// <summary>The hub's cdrs sender list through a long list: every CDR once, in order, pages of the limit, paged in PostgreSQL.</summary>
public partial class HubListPagingTests(HubDataHost host, ITestOutputHelper output) : IClassFixture<HubDataHost>
{
    private const int Count = 20_000;

    [GeneratedRegex("<([^>]+)>; rel=\"next\"")]
    private static partial Regex NextLink();

    [Fact]
    public async Task an_emsp_follows_the_links_through_its_cdrs_and_sees_each_once_and_no_one_elses()
    {
        await host.Participant("emsp-p1", [], ["DE*PG1"]);
        await host.WaitForParticipant("emsp-p1");
        await using var receivers = await ParticipantPlatform.Start();
        var emsp = await host.Platform("emsp-p1-platform", "emsp-p1", "EMSP", "DE*PG1", receivers);
        var start = Instant.FromUtc(2026, 1, 1, 0, 0);
        // Every tenth CDR is another e-MSP's.
        var cdrs = Enumerable.Range(0, Count).Select(i => new HubObject(HubObject.KeyFor("cdrs", "BE", "PG9", $"C{i:D6}"), "cdrs", "BE", "PG9", $"C{i:D6}", "",
            $"{{\"id\":\"C{i:D6}\"}}", start + Duration.FromSeconds(i), start + Duration.FromSeconds(i), i % 10 == 9 ? "DE*PG2" : "DE*PG1")).ToList();
        await host.Store.BulkInsertDocumentsAsync(cdrs);
        // As autovacuum would after such a load: the planner's statistics know the list's size.
        await using (var connection = host.Store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await using var analyze = new Npgsql.NpgsqlCommand($"analyze {host.Store.Options.DatabaseSchemaName}.mt_doc_hubobject", connection);
            await analyze.ExecuteNonQueryAsync();
        }

        var seen = new List<string>();
        var query = "?limit=100";
        var pages = 0;
        var clock = Stopwatch.StartNew();
        while (query is not null)
        {
            var page = await host.Call(HubDataHost.Get(emsp, "emsp-p1", "cdrs"), query: query);
            page.Headers["X-Total-Count"].ToString().ShouldBe((Count - Count / 10).ToString());
            var items = page.Envelope["data"]!.AsArray();
            items.Count.ShouldBeLessThanOrEqualTo(100);
            seen.AddRange(items.Select(c => c!["id"]!.GetValue<string>()));
            pages++;
            query = NextLink().Match(page.Headers.Link.ToString()) is { Success: true } next ? new Uri(next.Groups[1].Value).Query : null;
        }
        clock.Stop();

        seen.Count.ShouldBe(Count - Count / 10);
        seen.ShouldBe(cdrs.Where(c => c.SharedWithParty == "DE*PG1").Select(c => c.ObjectId));
        pages.ShouldBe((Count - Count / 10) / 100);
        var perSecond = seen.Count / clock.Elapsed.TotalSeconds;
        output.WriteLine($"{seen.Count} CDRs in {pages} pages in {clock.Elapsed.TotalSeconds:F2} s: {perSecond:F0} CDRs/s");
    }
}
