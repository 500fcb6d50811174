using System.Diagnostics;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Roaming.Contracts.Clearing.V1;
using Roaming.Platform.Messaging;
using Roaming.Settlement.Ledger;
using Roaming.Settlement.Tests.Integration;
using Shouldly;
using Xunit.Abstractions;
using static Roaming.Settlement.Tests.Ledger.LedgerSamples;

namespace Roaming.Settlement.Tests.Ledger;

/// <summary>The ledger takes an outbox page of messages in one commit, each decided on the state the ones before it left.</summary>
public class LedgerFeedTests(SettlementHost host, ITestOutputHelper output) : IClassFixture<SettlementHost>
{
    private static IntegrationMessage Message(CdrClearingStatusChanged change) => new(change, Guid.NewGuid(), null);

    [Fact]
    public async Task a_page_with_several_changes_of_one_cdr_applies_them_in_order_and_once()
    {
        var bus = host.Services.GetRequiredService<IIntegrationBus>();
        IReadOnlyList<IntegrationMessage> page =
        [
            Message(Status("new", cdrId: "DEPG10001") with { OperatorId = "DE*PG1" }),
            Message(Status("accepted", cdrId: "DEPG10001") with { OperatorId = "DE*PG1" }),
            Message(Status("new", cdrId: "DEPG10002") with { OperatorId = "DE*PG1" }),
            Message(Status("declined", "no such token", cdrId: "DEPG10001") with { OperatorId = "DE*PG1" }),
            Message(Status("revised", cdr: Cdr("DEPG10001", total: 5.10m), cdrId: "DEPG10001") with { OperatorId = "DE*PG1" }),
            Message(Status("approved", cdrId: "DEPG10001") with { OperatorId = "DE*PG1" }),
            Message(Status("new", cdrId: "DEPG10003") with { OperatorId = "DE*PG1", ProviderId = null }),
        ];
        await bus.PublishPage(page, CancellationToken.None);
        await bus.PublishPage(page, CancellationToken.None); // the page again, as after a crash before the outbox's checkpoint

        var cdr = await host.Json("/api/settlement/ledger/DE*PG1/DEPG10001");
        (cdr.State(), cdr.GetProperty("amount_excl_vat").GetDecimal()).ShouldBe(("billable", 5.10m));
        cdr.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("event").GetString()).ShouldBe(["entered", "held", "facts_revised", "became_billable"]);
        (await host.Json("/api/settlement/ledger/DE*PG1/DEPG10002")).State().ShouldBe("pending");
        (await host.Api.GetAsync("/api/settlement/ledger?operator_id=DE*PG1")).Headers.GetValues("X-Total-Count").Single().ShouldBe("2");
    }

    [Fact]
    public async Task an_upload_of_a_thousand_cdrs_enters_and_is_approved_in_one_commit_each()
    {
        const int count = 1000;
        var bus = host.Services.GetRequiredService<IIntegrationBus>();
        var uploads = Enumerable.Range(0, count).Select(i => Message(Status("new", cdrId: $"DEPG2{i:D5}") with { OperatorId = "DE*PG2" })).ToList();
        var approvals = Enumerable.Range(0, count).Select(i => Message(Status("approved", cdrId: $"DEPG2{i:D5}") with { OperatorId = "DE*PG2" })).ToList();
        var watch = Stopwatch.StartNew();
        await bus.PublishPage(uploads, CancellationToken.None);
        var entered = watch.Elapsed;
        watch.Restart();
        await bus.PublishPage(approvals, CancellationToken.None);
        output.WriteLine($"{count} CDRs entered in {entered.TotalMilliseconds:0} ms, approved in {watch.Elapsed.TotalMilliseconds:0} ms");

        await using var session = host.Store.QuerySession();
        (await session.Query<LedgerCdr>().CountAsync(c => c.OperatorId == "DE*PG2" && c.State == LedgerStates.Billable)).ShouldBe(count);
        (await session.Query<LedgerCdr>().Where(c => c.OperatorId == "DE*PG2").SumAsync(c => c.Facts.AmountExclVat)).ShouldBe(count * 6.30m);
        (await host.Stream(LedgerKeys.For("DE*PG2", "DEPG200999"))).Count.ShouldBe(2);
    }
}
