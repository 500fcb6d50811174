using System.Net;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Contracts.Clearing.V1;
using Roaming.Settlement.Payments;
using Roaming.Settlement.Statements;
using Roaming.Settlement.Tests.Agreements;
using Roaming.Settlement.Tests.Integration;
using Roaming.Settlement.Tests.Ledger;
using Shouldly;
using static Roaming.Settlement.Tests.Ledger.LedgerSamples;

namespace Roaming.Settlement.Tests.Disputes;

public class DisputesApiTests(SettlementHost host) : IClassFixture<SettlementHost>
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 10, 9, 0);

    /// <summary>A CDR we issued as CPO (billable at once) with signed meter data.</summary>
    private async Task Issued(string operatorParty, string cdrId)
    {
        var json = $$"""
            {"country_code":"DE","party_id":"{{operatorParty}}","id":"{{cdrId}}","start_date_time":"2026-11-10T09:00:00Z","end_date_time":"2026-11-10T10:00:00Z",
             "cdr_token":{"country_code":"NL","party_id":"MSP","uid":"T1","type":"RFID","contract_id":"x"},
             "cdr_location":{"id":"LOC1","country":"DEU","evse_uid":"E1"},"currency":"EUR","total_cost":{"excl_vat":8.40},"total_energy":21,
             "signed_data":{"encoding_method":"OCMF","signed_values":[{"nature":"Start","plain_data":"x","signed_data":"y"}]},"last_updated":"2026-11-10T10:01:00Z"}
            """;
        await host.Deliver(new CdrIssued(cdrId, "S", "DE", operatorParty, "EUR", 21m, 8.40m, 10m, Start, Start + Duration.FromHours(1), json));
        await host.Eventually($"/api/settlement/ledger/DE*{operatorParty}/{cdrId}", c => c.State() == "billable");
    }

    [Fact]
    public async Task a_disputed_cdr_is_held_until_the_dispute_is_accepted()
    {
        await Issued("DP1", "DP1-1");
        var opened = await host.Post("/api/settlement/disputes", new { operator_id = "DE*DP1", cdr_id = "DP1-1", reason = "energy above the charger's maximum" });
        opened.StatusCode.ShouldBe(HttpStatusCode.Created);
        var dispute = await opened.Body();
        var id = dispute.GetProperty("id").GetString()!;
        id.ShouldStartWith("dispute:");
        opened.Headers.Location!.ToString().ShouldBe($"/api/settlement/disputes/{Uri.EscapeDataString(id)}");
        (dispute.GetProperty("status").GetString(), dispute.GetProperty("provider_id").GetString(), dispute.GetProperty("opened_by").GetString())
            .ShouldBe(("open", "NL*MSP", "operator"));
        dispute.GetProperty("evidence").GetString()!.ShouldContain("OCMF");
        var held = await host.Json("/api/settlement/ledger/DE*DP1/DP1-1");
        (held.State(), held.GetProperty("hold_reason").GetString()).ShouldBe(("held", "disputed: energy above the charger's maximum"));

        var again = await host.Post("/api/settlement/disputes", new { operator_id = "DE*DP1", cdr_id = "DP1-1", reason = "again" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Body()).GetProperty("detail").GetString().ShouldBe("CDR DP1-1 of DE*DP1 is already under an open dispute");

        var accepted = await host.Post($"/api/settlement/disputes/{Uri.EscapeDataString(id)}/resolve", new { outcome = "accepted", note = "the meter data is right" });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var resolved = await accepted.Body();
        (resolved.GetProperty("status").GetString(), resolved.GetProperty("outcome").GetString(), resolved.GetProperty("resolved_by").GetString())
            .ShouldBe(("accepted", "the meter data is right", "operator"));
        var released = await host.Json("/api/settlement/ledger/DE*DP1/DP1-1");
        released.State().ShouldBe("billable");
        released.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("reason").GetString()).ShouldBe([
            "from charging", "issued", "disputed: energy above the charger's maximum", "dispute accepted",
        ]);

        var twice = await host.Post($"/api/settlement/disputes/{id}/resolve", new { outcome = "rejected" });
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await twice.Body()).GetProperty("detail").GetString().ShouldBe($"dispute {id} is already accepted");
        (await host.Stream(id)).Count.ShouldBe(2);
        (await host.Json($"/api/settlement/disputes/{id}")).GetProperty("status").GetString().ShouldBe("accepted");
    }

    [Fact]
    public async Task a_rejected_dispute_withdraws_the_cdr_and_an_approval_meanwhile_does_not_release_it()
    {
        await host.Deliver(Status("new", cdrId: "DEDP20001") with { OperatorId = "DE*DP2" });
        await host.Eventually("/api/settlement/ledger/DE*DP2/DEDP20001", c => c.State() == "pending");
        var dispute = await (await host.Post("/api/settlement/disputes", new { operator_id = "DE*DP2", cdr_id = "DEDP20001", reason = "not our customer",
            evidence = "session log 4711" })).Body();
        dispute.GetProperty("evidence").GetString().ShouldBe("session log 4711");
        var id = dispute.GetProperty("id").GetString()!;
        await host.Deliver(Status("approved", cdrId: "DEDP20001") with { OperatorId = "DE*DP2" });
        await host.Deliver(Status("new", cdrId: "DEDP20002") with { OperatorId = "DE*DP2" }); // a later message: the approval was handled before it
        await host.Eventually("/api/settlement/ledger/DE*DP2/DEDP20002", c => c.State() == "pending");
        (await host.Json("/api/settlement/ledger/DE*DP2/DEDP20001")).State().ShouldBe("held");

        var rejected = await host.Post($"/api/settlement/disputes/{id}/resolve", new { outcome = "rejected", note = "token not ours" });
        rejected.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cdr = await host.Json("/api/settlement/ledger/DE*DP2/DEDP20001");
        cdr.State().ShouldBe("withdrawn");
        cdr.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString().ShouldBe("dispute rejected: token not ours");

        var list = await host.Api.GetAsync("/api/settlement/disputes?operator_id=DE*DP2&status=rejected");
        list.Headers.GetValues("X-Total-Count").Single().ShouldBe("1");
        (await list.Body())[0].GetProperty("cdr_id").GetString().ShouldBe("DEDP20001");
        (await host.Api.GetAsync("/api/settlement/disputes?status=closed")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static StatementLine Line(int number, string cdrId) => new(number, StatementLineKinds.Charge, cdrId, new LocalDateTime(2026, 11, 10, 10, 0), "LOC1", "E1",
        "DE", 21m, Duration.FromHours(1), Duration.Zero, 8.40m, 19m, 1.60m, 10.00m, null, null, null);

    [Fact]
    public async Task a_line_of_a_statement_can_be_disputed_unless_the_statement_is_paid()
    {
        await Issued("DP3", "DP3-1");
        await Issued("DP3", "DP3-2");
        await using (var session = host.Store.LightweightSession())
        {
            session.Store(AgreementsApiTests.IssuedStatement("DE*DP3", "NL*MSP", "S-DP3-1", Line(1, "DP3-1")));
            session.Store(AgreementsApiTests.IssuedStatement("DE*DP3", "NL*MSP", "S-DP3-2", Line(1, "DP3-2")));
            session.Store(new StatementPayments { Id = "S-DP3-2", PaidAmount = 10m, Status = PaymentStatuses.Paid });
            await session.SaveChangesAsync();
        }

        var opened = await host.Post("/api/settlement/disputes", new { statement_id = "S-DP3-1", line_number = 1, reason = "price per kWh not agreed" });
        opened.StatusCode.ShouldBe(HttpStatusCode.Created);
        var dispute = await opened.Body();
        (dispute.GetProperty("cdr_id").GetString(), dispute.GetProperty("statement_id").GetString(), dispute.GetProperty("line_number").GetInt32())
            .ShouldBe(("DP3-1", "S-DP3-1", 1));
        (await host.Json("/api/settlement/ledger/DE*DP3/DP3-1")).State().ShouldBe("held");

        var paid = await host.Post("/api/settlement/disputes", new { statement_id = "S-DP3-2", line_number = 1, reason = "too late" });
        paid.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await paid.Body()).GetProperty("detail").GetString()!.ShouldStartWith("statement S-DP3-2 (INV-1) is paid");
        (await host.Json("/api/settlement/ledger/DE*DP3/DP3-2")).State().ShouldBe("billable");

        (await host.Post("/api/settlement/disputes", new { statement_id = "S-DP3-1", line_number = 2, reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await host.Post("/api/settlement/disputes", new { statement_id = "S-NONE", line_number = 1, reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await host.Api.GetAsync("/api/settlement/disputes?operator_id=DE*DP3")).Headers.GetValues("X-Total-Count").Single().ShouldBe("1");
    }

    [Fact]
    public async Task bad_requests_are_refused_and_change_nothing()
    {
        await Issued("DP4", "DP4-1");
        var noReason = await host.Post("/api/settlement/disputes", new { operator_id = "DE*DP4", cdr_id = "DP4-1" });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.ErrorFields()).ShouldBe(["reason"]);
        var unknown = await host.Post("/api/settlement/disputes", new { operator_id = "DE*DP4", cdr_id = "DP4-9", reason = "x" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.Body()).GetProperty("detail").GetString().ShouldBe("no CDR DP4-9 of DE*DP4 in the ledger");
        (await host.Post("/api/settlement/disputes/dispute:none/resolve", new { outcome = "accepted" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await host.Api.GetAsync("/api/settlement/disputes/dispute:none")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var id = (await (await host.Post("/api/settlement/disputes", new { operator_id = "DE*DP4", cdr_id = "DP4-1", reason = "x" })).Body()).GetProperty("id").GetString();
        var badOutcome = await host.Post($"/api/settlement/disputes/{id}/resolve", new { outcome = "maybe" });
        badOutcome.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badOutcome.ErrorFields()).ShouldBe(["outcome"]);
        (await host.Json($"/api/settlement/disputes/{id}")).GetProperty("status").GetString().ShouldBe("open");
        (await host.Json("/api/settlement/ledger/DE*DP4/DP4-1")).GetProperty("history").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task of_two_disputes_opened_at_once_on_one_cdr_one_is_opened()
    {
        await Issued("DP5", "DP5-1");
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            host.Post("/api/settlement/disputes", new { operator_id = "DE*DP5", cdr_id = "DP5-1", reason = $"reason {i}" })));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(3);
        (await host.Api.GetAsync("/api/settlement/disputes?operator_id=DE*DP5&status=open")).Headers.GetValues("X-Total-Count").Single().ShouldBe("1");
    }
}
