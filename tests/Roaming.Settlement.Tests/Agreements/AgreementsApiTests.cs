using System.Net;
using NodaTime;
using Roaming.Settlement.Statements;
using Roaming.Settlement.Tests.Integration;
using Roaming.Settlement.Tests.Ledger;
using Shouldly;

namespace Roaming.Settlement.Tests.Agreements;

public class AgreementsApiTests(SettlementHost host) : IClassFixture<SettlementHost>
{
    public static object Body(string currency = "EUR", int paymentTermsDays = 30, object? vatRates = null) => new
    {
        currency, period = "monthly", time_zone = "Europe/Berlin", billing = "cpo_invoices_emsp", payment_terms_days = paymentTermsDays, close_after_days = 5,
        vat_rates = vatRates ?? new[] { new { country = "DE", rate = 19, valid_from = "2026-01-01" } },
        issuer = new { name = "CPO GmbH", address = "Hauptstr. 1, 10115 Berlin", vat_id = "DE123456789" },
        recipient = new { name = "MSP B.V.", address = "Kade 2, 1011 Amsterdam", vat_id = "NL123456789B01" },
    };

    [Fact]
    public async Task an_agreement_is_made_changed_and_shown_with_its_history()
    {
        var made = await host.Put("/api/settlement/agreements/DE%2AAG1/NL%2AMSP", Body());
        made.StatusCode.ShouldBe(HttpStatusCode.Created);
        var view = await made.Body();
        view.GetProperty("operator_id").GetString().ShouldBe("DE*AG1");
        view.GetProperty("currency").GetString().ShouldBe("EUR");
        view.GetProperty("tolerance").GetDecimal().ShouldBe(0.01m);
        view.GetProperty("vat_rates")[0].GetProperty("rate").GetDecimal().ShouldBe(19m);
        view.GetProperty("issuer").GetProperty("vat_id").GetString().ShouldBe("DE123456789");

        (await host.Put("/api/settlement/agreements/DEAG1/nl*msp", Body())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var changed = await host.Put("/api/settlement/agreements/DE*AG1/NL*MSP", Body(paymentTermsDays: 14, vatRates: new object[]
        {
            new { country = "DE", rate = 19, valid_from = "2026-01-01", valid_to = "2027-01-01" },
            new { country = "DE", rate = 16, valid_from = "2027-01-01" },
        }));
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.Body()).GetProperty("payment_terms_days").GetInt32().ShouldBe(14);

        var detail = await host.Json("/api/settlement/agreements/DE*AG1/NL*MSP");
        var history = detail.GetProperty("history").EnumerateArray().ToList();
        history.Select(h => h.GetProperty("event").GetString()).ShouldBe(["made", "changed"]);
        history.Select(h => h.GetProperty("actor").GetString()).ShouldBe(["operator", "operator"]);
        history[1].GetProperty("changed").EnumerateArray().Select(c => c.GetString()).ShouldBe(["payment_terms_days", "vat_rates"]);
        history[0].GetProperty("payment_terms_days").GetInt32().ShouldBe(30);
        (await host.Stream("agreement:DE*AG1:NL*MSP")).Count.ShouldBe(2);

        var list = await host.Api.GetAsync("/api/settlement/agreements?operator_id=DE*AG1");
        list.Headers.GetValues("X-Total-Count").Single().ShouldBe("1");
        (await list.Body()).EnumerateArray().Single().GetProperty("provider_id").GetString().ShouldBe("NL*MSP");
    }

    [Fact]
    public async Task bad_terms_are_refused_naming_the_field_and_nothing_is_stored()
    {
        var unknownCurrency = await host.Put("/api/settlement/agreements/DE*AG2/NL*MSP", Body(currency: "EUX"));
        unknownCurrency.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknownCurrency.ErrorFields()).ShouldBe(["currency"]);

        var overlapping = await host.Put("/api/settlement/agreements/DE*AG2/NL*MSP", Body(vatRates: new object[]
        {
            new { country = "DE", rate = 19, valid_from = "2026-01-01" },
            new { country = "DE", rate = 7, valid_from = "2026-06-01", valid_to = "2026-07-01" },
        }));
        overlapping.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await overlapping.ErrorFields()).ShouldBe(["vat_rates"]);

        var badZone = await host.Put("/api/settlement/agreements/DE*AG2/NL*MSP", new { currency = "EUR", period = "daily", time_zone = "Mars/Olympus" });
        (await badZone.ErrorFields()).ShouldBe(["period", "time_zone", "billing", "payment_terms_days", "vat_rates", "issuer", "recipient"], ignoreOrder: true);

        var badDate = await host.Put("/api/settlement/agreements/DE*AG2/NL*MSP", Body(vatRates: new[] { new { country = "DE", rate = 19, valid_from = "1.1.2026" } }));
        badDate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badDate.ErrorFields()).ShouldBe(["vat_rates[0].valid_from"]);

        var badId = await host.Put("/api/settlement/agreements/DE*AG/NL*MSP", Body());
        (await badId.ErrorFields()).ShouldBe(["operator_id"]);

        var unknown = await host.Api.GetAsync("/api/settlement/agreements/DE*AG2/NL*MSP");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.Body()).GetProperty("detail").GetString().ShouldBe("no agreement between DE*AG2 and NL*MSP");
        (await host.Stream("agreement:DE*AG2:NL*MSP")).ShouldBeEmpty();
    }

    [Fact]
    public async Task the_currency_cannot_change_once_a_statement_was_issued()
    {
        (await host.Put("/api/settlement/agreements/DE*AG3/NL*MSP", Body())).EnsureSuccessStatusCode();
        (await host.Put("/api/settlement/agreements/DE*AG3/NL*MSP", Body(currency: "CHF"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.Put("/api/settlement/agreements/DE*AG3/NL*MSP", Body())).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var session = host.Store.LightweightSession())
        {
            session.Store(IssuedStatement("DE*AG3", "NL*MSP"));
            await session.SaveChangesAsync();
        }

        var refused = await host.Put("/api/settlement/agreements/DE*AG3/NL*MSP", Body(currency: "USD"));
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Body()).GetProperty("detail").GetString()!.ShouldContain("has issued statements in EUR");
        (await host.Json("/api/settlement/agreements/DE*AG3/NL*MSP")).GetProperty("currency").GetString().ShouldBe("EUR");
        (await host.Put("/api/settlement/agreements/DE*AG3/NL*MSP", Body(paymentTermsDays: 10))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task the_operator_api_reference_describes_agreements_the_ledger_and_disputes()
    {
        var paths = (await host.Json("/openapi/v1.json")).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/settlement/agreements/{operatorId}/{providerId}");
        paths.ShouldContain("/api/settlement/ledger/{operatorId}/{cdrId}");
        paths.ShouldContain("/api/settlement/disputes/{id}/resolve");
    }

    public static Statement IssuedStatement(string operatorId, string providerId, string id = "S-1", params StatementLine[] lines)
    {
        var party = new PartyDetails("x", "y", null);
        var totals = new StatementTotals(lines.Sum(l => l.AmountExclVat), lines.Sum(l => l.VatAmount), lines.Sum(l => l.AmountInclVat));
        return new Statement(id, 1, "INV-1", operatorId, providerId, operatorId, "cpo_invoices_emsp", "2026-11", new LocalDate(2026, 11, 1),
            new LocalDate(2026, 12, 1), "Europe/Berlin", "EUR", party, party, new LocalDate(2026, 12, 6), new LocalDate(2027, 1, 5), lines, [], totals, [],
            Instant.FromUtc(2026, 12, 6, 0, 0), "system:close");
    }
}
