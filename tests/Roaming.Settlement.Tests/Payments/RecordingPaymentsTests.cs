using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Roaming.Settlement.Payments;
using Roaming.Settlement.Tests.Integration;
using Shouldly;
using static Roaming.Settlement.Tests.Statements.ClosingPeriodsTests;
using static Roaming.Settlement.Tests.Statements.StatementFixtures;

namespace Roaming.Settlement.Tests.Payments;

public sealed class RecordingPaymentsTests(SettlementHost host) : IClassFixture<SettlementHost>
{
    private Task<HttpResponseMessage> Pay(string id, object body) => host.Api.PostAsJsonAsync($"/api/settlement/statements/{id}/payments", body);

    [Fact]
    public async Task Payments_move_a_statement_from_posted_through_partially_paid_to_paid()
    {
        await Seed(host, Agreement(operatorId: "DE*PY1"), Cdr("A", 100m, Utc(2026, 10, 3), operatorId: "DE*PY1"));
        (await Close(host, "DE*PY1", "DE*MSP", "2026-10")).StatusCode.ShouldBe(HttpStatusCode.Created);
        const string id = "DE*PY1:DE*MSP:2026-10";

        var partial = await Pay(id, new { amount = 100m, paid_on = "2026-12-20", reference = "SEPA-1" });
        partial.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await partial.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("partially_paid");
        var paid = await (await Pay(id, new { amount = 19m, paid_on = "2026-12-21", note = "rest" })).Content.ReadFromJsonAsync<JsonElement>();
        (paid.GetProperty("status").GetString(), paid.GetProperty("paid_amount").GetDecimal()).ShouldBe(("paid", 119m));

        var statement = await host.Json($"/api/settlement/statements/{id}");
        statement.GetProperty("payment").GetProperty("status").GetString().ShouldBe("paid");
        var again = await Pay(id, new { amount = 1m, paid_on = "2026-12-22" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("already paid");
        var events = (await host.Stream(PaymentStreams.For(id))).ToList();
        events.Select(e => e.Data).OfType<PaymentRecorded>().Select(p => (p.Amount, p.Reference, p.RecordedBy))
            .ShouldBe([(100m, "SEPA-1", "operator"), (19m, null, "operator")]);
        events.ShouldAllBe(e => e.Headers!["actor"].ToString() == "operator");
    }

    [Fact]
    public async Task A_statement_past_its_due_date_reads_overdue_until_paid()
    {
        await Seed(host, Agreement(operatorId: "DE*PY2", paymentTermsDays: -1), Cdr("A", 10m, Utc(2026, 10, 3), operatorId: "DE*PY2"));
        (await Close(host, "DE*PY2", "DE*MSP", "2026-10")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await host.Json("/api/settlement/statements/DE*PY2:DE*MSP:2026-10")).GetProperty("payment").GetProperty("status").GetString().ShouldBe("overdue");
        (await host.Json("/api/settlement/statements?operator_id=DE*PY2"))[0].GetProperty("payment").GetProperty("status").GetString().ShouldBe("overdue");
        await Pay("DE*PY2:DE*MSP:2026-10", new { amount = 11.90m, paid_on = "2026-12-20" });
        (await host.Json("/api/settlement/statements/DE*PY2:DE*MSP:2026-10")).GetProperty("payment").GetProperty("status").GetString().ShouldBe("paid");
    }

    [Fact]
    public async Task Bad_payments_are_refused_and_change_nothing()
    {
        await Seed(host, Agreement(operatorId: "DE*PY3"), Cdr("A", 10m, Utc(2026, 10, 3), operatorId: "DE*PY3"));
        (await Close(host, "DE*PY3", "DE*MSP", "2026-10")).StatusCode.ShouldBe(HttpStatusCode.Created);
        const string id = "DE*PY3:DE*MSP:2026-10";

        (await Pay("DE*PY3:DE*MSP:2026-01", new { amount = 1m, paid_on = "2026-12-20" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { amount = 0m, paid_on = "2026-12-20" }, "amount"),
                     (new { amount = -5m, paid_on = "2026-12-20" }, "amount"),
                     (new { amount = 5m, paid_on = "20.12.2026" }, "paid_on"),
                     (new { amount = 5m }, "paid_on"),
                 })
        {
            var response = await Pay(id, body);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out var _).ShouldBeTrue(field);
        }
        (await host.Stream(PaymentStreams.For(id))).ShouldBeEmpty();
        (await host.Json($"/api/settlement/statements/{id}")).GetProperty("payment").GetProperty("status").GetString().ShouldBe("posted");
    }
}
