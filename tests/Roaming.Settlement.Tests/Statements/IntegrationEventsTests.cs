using JasperFx.Events;
using NodaTime;
using Roaming.Settlement.Statements;
using Roaming.Settlement.Statements.Closing;
using Shouldly;
using V1 = Roaming.Contracts.Settlement.V1;
using static Roaming.Settlement.Tests.Statements.StatementFixtures;

namespace Roaming.Settlement.Tests.Statements;

public sealed class IntegrationEventsTests
{
    [Fact]
    public void An_issued_statement_is_published_with_each_cdr_it_bills_or_corrects_once()
    {
        var draft = new StatementDraft();
        foreach (var id in new[] { "A", "B" })
            draft.Add(((LineDecision.Bill)StatementLines.Decide(Agreement(billing: V1.BillingDirections.EmspSelfBills), Berlin, EndOf("2026-11"),
                Cdr(id, 10m, Utc(2026, 11, 3)))).Line);
        var statement = draft.Issue(Agreement(billing: V1.BillingDirections.EmspSelfBills), BillingPeriod.Parse("monthly", "2026-11")!, 3,
            new LocalDate(2026, 12, 6), [], Utc(2026, 12, 6), "operator");

        var message = new SettlementIntegrationEvents().ToMessage(new Event<StatementClosed>(new StatementClosed(statement, Utc(2026, 12, 6))))
            .ShouldBeOfType<V1.StatementIssued>();

        message.CdrIds.ShouldBe(["A", "B"]);
        (message with { CdrIds = Array.Empty<string>() }).ShouldBe(new V1.StatementIssued("DE*CPO:DE*MSP:2026-11", "DEMSP-2026-000003", "DE*CPO", "DE*MSP", "DE*MSP",
            V1.BillingDirections.EmspSelfBills, "2026-11", "EUR", 20m, 23.80m, Array.Empty<string>(), Utc(2026, 12, 6)));
        new SettlementIntegrationEvents().PublishedEventTypes.ShouldBe([typeof(StatementClosed)]);
    }
}
