using Marten;
using Roaming.Clearing.Cdrs;
using Roaming.Clearing.Tests.Cdrs;
using Roaming.Contracts.Clearing.V1;
using Shouldly;

namespace Roaming.Clearing.Tests.Integration;

/// <summary>
/// The provider approves CDRs while the operator declines the same CDRs through the operator API, on real PostgreSQL
/// with the real consumer and endpoint. Whatever the interleaving, one answer wins per CDR and its state document is the
/// fold of its events: without the stream locks both answers are applied from the same accepted state, and the later
/// commit's document hides the earlier answer.
/// </summary>
[Collection(CdrAnswerRaceCollection.Name)]
public sealed class CdrAnswerRaceTests(ClearingHost host) : IClassFixture<ClearingHost>
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    [Fact]
    public async Task An_operator_decline_and_a_provider_approval_at_the_same_time_apply_one_answer()
    {
        (await host.Put("/api/clearing/participants/cpo-race", new { name = "CPO", operator_ids = new[] { "DE*RCE" }, provider_ids = Array.Empty<string>(),
            ochp = new { username = "cpo-race-user", password = "secret-race" } })).EnsureSuccessStatusCode();
        (await host.Put("/api/clearing/participants/emsp-race", new { name = "eMSP", operator_ids = Array.Empty<string>(), provider_ids = new[] { "DE*RCP" } }))
            .EnsureSuccessStatusCode();
        (await host.Put("/api/clearing/connections/DE*RCE/DE*RCP", new { })).EnsureSuccessStatusCode();

        var cdrs = Enumerable.Range(1, 20).Select(i => Plausible.Cdr($"DERCE{_run}{i:D2}", CdrStatuses.New) with
        {
            EvseId = "DE*RCE*E0001", ContractId = "DE-RCP-C12345678",
        }).ToArray();
        var submitted = await host.Submit("cpo-race", cdrs);
        submitted.Outcomes.ShouldAllBe(o => o.FailedRule == null, string.Join("; ", submitted.Outcomes.Select(o => o.Reason)));

        var answers = cdrs.SelectMany(cdr => new[]
        {
            Task.Run(async () => { await host.Confirm("emsp-race", [new CdrKey(cdr.CdrId, cdr.EvseId)], []); }),
            Task.Run(async () => { await host.Api.PostAsync($"/api/clearing/cdrs/cpo-race.{cdr.CdrId}/decline", null); }),
        });
        await Task.WhenAll(answers);

        await using var session = host.Store.QuerySession();
        foreach (var cdr in cdrs)
        {
            var key = ClearingCdr.KeyOf("cpo-race", cdr.CdrId);
            var events = await session.Events.FetchStreamAsync(key);
            events.Count(e => e.Data is CdrApproved or CdrDeclined).ShouldBe(1, $"{key}: exactly one answer is applied");
            var folded = events.Aggregate((ClearingCdr?)null, (state, e) => ClearingCdr.Apply(state, e.Data, "any"))!;
            var document = (await session.LoadAsync<ClearingCdr>(key))!;
            (document.Status, document.History.Count).ShouldBe((folded.Status, folded.History.Count), $"{key}: the document is not the fold of its events");
        }
    }
}

/// <summary>Alone, after the other classes: each ClearingHost creates the same fresh database, so two may not start at once.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CdrAnswerRaceCollection
{
    public const string Name = "clearing CDR answer race";
}
