using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Platform.Marten;
using Roaming.Settlement.Reimbursement.Employers;
using Roaming.Settlement.Reimbursement.Sessions;
using Roaming.Settlement.Tests.Integration;
using Shouldly;
using Xunit;
using Roaming.Testing;

namespace Roaming.Settlement.Tests.Reimbursement;

/// <summary>
/// Employer reimbursement through the operator API on real PostgreSQL: a home-charging month (MID readings, a home
/// charger's OCPP transaction, a company token's roaming CDR) closed into statements, reviewed, and exported as payroll
/// CSV and PDF; and the bad inputs, each refused with problem details and nothing changed.
/// </summary>
public sealed class ReimbursementEndpointsTests(SettlementHost host) : IClassFixture<SettlementHost>
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(20);
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private string EmployerId => $"acme-{_run}";

    [Fact]
    public async Task a_home_charging_month_closes_into_statements_with_a_payroll_export()
    {
        await PutEmployer(includeRoamingCdrs: true);
        await PutEmployee("erika", "4711", meter: $"MID-{_run}", chargePoint: $"CP-{_run}", token: $"TOK-{_run}");
        await PutEmployee("max", "4712", meter: $"MID2-{_run}", tariff: JsonNode.Parse(ReimbursementSamples.TimeOfUseTariffJson())!);

        // Erika: a MID reading (10 kWh at the employer rate: 3.258 -> 3.26) ...
        await Created(PostReading("erika", $"MID-{_run}", "2026-11-03T18:00:00Z", "2026-11-03T20:00:00Z", 0, 10_000, signed: "OCMF|{reading}"));
        // ... a session on her home charger over OCPP (7 kWh: 2.2806 -> 2.28) with signed meter values ...
        var chargePoint = $"CP-{_run}";
        var started = Instant.FromUtc(2026, 11, 20, 17, 0);
        await host.Publish(new ChargingTransactionStarted(chargePoint, "tx-1", "1.6", 1, 1, null, "TAG", 5_000m, started, started, false, "Accepted"));
        await Eventually(() => Session(HomeSession.TransactionKey(chargePoint, "tx-1")));
        await host.Publish(new MeterValuesReported(chargePoint, "tx-1",
            [new MeterSample(started + Duration.FromHours(1), "Energy.Active.Import.Register", null, "Sample.Periodic", null, 8_500m, "Wh", "OCMF|{signed-1}")],
            started + Duration.FromHours(1)));
        await Eventually(async () => (await Session(HomeSession.TransactionKey(chargePoint, "tx-1")))?.SignedData.Count > 0 ? true : (bool?)null);
        await host.Publish(new ChargingTransactionStopped(chargePoint, "tx-1", 12_000m, "Local", "TAG", started + Duration.FromHours(2),
            started + Duration.FromHours(2), false, false));
        // ... and a roaming CDR of her company token (paid 11.90 incl. VAT for 20 kWh).
        await host.Publish(new PartnerCdrReceived("DE", "ABC", $"CDR-{_run}", RoamingCdrJson($"CDR-{_run}", $"TOK-{_run}"), [], "Europe/Berlin"));
        await Eventually(async () => (await Session(HomeSession.TransactionKey(chargePoint, "tx-1")))?.Complete == true ? true : (bool?)null);
        await Eventually(() => Session(HomeSession.CdrKey("DE*ABC", $"CDR-{_run}")));
        // Max: 5 kWh from 21:00 to 23:00 local on his time-of-use contract: 2.5 kWh at 0.40 and 2.5 kWh at 0.25 = 1.625 -> 1.63.
        await Created(PostReading("max", $"MID2-{_run}", "2026-11-10T20:00:00Z", "2026-11-10T22:00:00Z", 100_000, 105_000));

        var close = await host.Api.PostAsJsonAsync($"/api/settlement/employers/{EmployerId}/reimbursements/close", new { period = "2026-11" });
        close.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await close.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statements").GetArrayLength().ShouldBe(2);

        var list = await host.Json($"/api/settlement/employers/{EmployerId}/reimbursements?period=2026-11");
        list.EnumerateArray().Select(s => (s.GetProperty("employee_number").GetString(), s.GetProperty("total_amount").GetDecimal(), s.GetProperty("lines").GetInt32()))
            .ShouldBe([("4711", 17.44m, 3), ("4712", 1.63m, 1)]);

        var erika = await host.Json($"/api/settlement/reimbursements/{EmployerId}:erika:2026-11");
        var lines = erika.GetProperty("lines").EnumerateArray().ToList();
        lines.Select(l => (l.GetProperty("source").GetString(), l.GetProperty("energy_kwh").GetDecimal(), l.GetProperty("amount").GetDecimal(), l.GetProperty("rate_source").GetString()))
            .ShouldBe([
                ("mid_meter", 10m, 3.26m, "employer rate DE 2026: BDEW household price 2026"),
                ("roaming_cdr", 20m, 11.90m, "roaming CDR DE*ABC CDR-" + _run + ": total cost"),
                ("home_charger", 7m, 2.28m, "employer rate DE 2026: BDEW household price 2026"),
            ]);
        lines[0].GetProperty("start").GetString().ShouldBe("2026-11-03T19:00:00");
        lines[0].GetProperty("signed_meter_data").GetString().ShouldBe("OCMF|{reading}");
        lines[2].GetProperty("signed_meter_data").GetString().ShouldBe("OCMF|{signed-1}");
        erika.GetProperty("total_amount").GetDecimal().ShouldBe(17.44m);
        var max = await host.Json($"/api/settlement/reimbursements/{EmployerId}:max:2026-11");
        max.GetProperty("lines")[0].GetProperty("rate_source").GetString().ShouldBe("tariff:T-TOU (energy contract)");

        (await Payroll()).ShouldBe(["employee_number,period,kwh,amount,currency", "4711,2026-11,37,17.44,EUR", "4712,2026-11,5,1.63,EUR"]);

        // Erika disputes the roaming CDR: payroll leaves it out until the employer resolves it; rejected keeps it out.
        var statement = $"/api/settlement/reimbursements/{EmployerId}:erika:2026-11";
        (await host.Api.PostAsJsonAsync($"{statement}/lines/2/dispute", new { reason = "private trip" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Payroll())[1].ShouldBe("4711,2026-11,17,5.54,EUR");
        (await host.Api.PostAsJsonAsync($"{statement}/lines/2/confirm", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await host.Api.PostAsJsonAsync($"{statement}/lines/2/resolve", new { outcome = "maybe" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var resolved = await host.Api.PostAsJsonAsync($"{statement}/lines/2/resolve", new { outcome = "rejected" });
        (await resolved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("payable_amount").GetDecimal().ShouldBe(5.54m);
        (await host.Api.PostAsJsonAsync($"{statement}/lines/1/confirm", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.Api.PostAsJsonAsync($"{statement}/lines/1/confirm", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var review = await host.Stream($"{EmployerId}:erika:2026-11");
        review.Select(e => e.EventTypeName).ShouldBe(["reimbursement_statement_issued", "reimbursement_line_disputed", "reimbursement_dispute_resolved", "reimbursement_line_confirmed"]);
        review.ShouldAllBe(e => e.Headers![EventContext.ActorHeader].ToString() == "operator");

        var pdf = await host.Api.GetAsync($"{statement}/pdf");
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Encoding.ASCII.GetString(bytes, 0, 5).ShouldBe("%PDF-");
        bytes.Length.ShouldBeGreaterThan(1_000);

        var again = await host.Api.PostAsJsonAsync($"/api/settlement/employers/{EmployerId}/reimbursements/close", new { period = "2026-11" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("already closed");
        // A reading in a closed month is refused: a closed statement is never rewritten.
        (await PostReading("erika", $"MID-{_run}", "2026-11-25T18:00:00Z", "2026-11-25T20:00:00Z", 20_000, 21_000)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task bad_inputs_are_refused_with_problem_details_and_change_nothing()
    {
        await PutEmployer(includeRoamingCdrs: false);
        await PutEmployee("erika", "4711", meter: $"MID-{_run}");

        await Refused(host.Api.PutAsJsonAsync($"/api/settlement/employers/bad-{_run}", new { name = "X", currency = "EUR1", time_zone = "Mars/Base", reimbursement_rates = Array.Empty<object>() }),
            HttpStatusCode.BadRequest, "currency", "time_zone");
        await Refused(host.Api.PutAsJsonAsync($"/api/settlement/employers/bad-{_run}", new
            {
                name = "X", currency = "EUR", time_zone = "Europe/Berlin",
                reimbursement_rates = new[] { new { country = "DE", year = 2026, rate_per_kwh = 0.3m, source = "a" }, new { country = "DE", year = 2026, rate_per_kwh = 0.4m, source = "b" } },
            }),
            HttpStatusCode.BadRequest, "reimbursement_rates[1]");
        await Refused(host.Api.PutAsJsonAsync($"/api/settlement/employers/nobody-{_run}/employees/x", EmployeeBody("1", $"M-{_run}-x", null, null, null)),
            HttpStatusCode.NotFound, "nobody");
        await Refused(host.Api.PutAsJsonAsync($"/api/settlement/employers/{EmployerId}/employees/max", EmployeeBody("2", $"MID-{_run}", null, null, null)),
            HttpStatusCode.Conflict, "belongs to employee erika");
        var dollars = JsonNode.Parse(ReimbursementSamples.TimeOfUseTariffJson())!;
        dollars["currency"] = "USD";
        await Refused(host.Api.PutAsJsonAsync($"/api/settlement/employers/{EmployerId}/employees/max", EmployeeBody("2", $"MID3-{_run}", null, null, dollars)),
            HttpStatusCode.BadRequest, "reimbursement_rate.tariff.currency");

        await Refused(PostReading("nobody", $"MID-{_run}", "2026-11-03T18:00:00Z", "2026-11-03T20:00:00Z", 0, 1_000), HttpStatusCode.NotFound, "employee nobody");
        await Refused(PostReading("erika", "MID-unknown", "2026-11-03T18:00:00Z", "2026-11-03T20:00:00Z", 0, 1_000), HttpStatusCode.NotFound, "meter MID-unknown");
        await Refused(PostReading("erika", $"MID-{_run}", "2026-11-03T20:00:00Z", "2026-11-03T18:00:00Z", 1_000, 0), HttpStatusCode.BadRequest, "end", "end_wh");

        await Created(PostReading("erika", $"MID-{_run}", "2026-11-03T18:00:00Z", "2026-11-03T20:00:00Z", 0, 1_000, id: "r-1"));
        (await PostReading("erika", $"MID-{_run}", "2026-11-03T18:00:00Z", "2026-11-03T20:00:00Z", 0, 1_000, id: "r-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Refused(PostReading("erika", $"MID-{_run}", "2026-11-03T18:00:00Z", "2026-11-03T20:00:00Z", 0, 2_000, id: "r-1"), HttpStatusCode.Conflict, "other values");
        await Refused(PostReading("erika", $"MID-{_run}", "2026-11-03T19:00:00Z", "2026-11-03T21:00:00Z", 1_000, 2_000, id: "r-2"), HttpStatusCode.Conflict, "overlaps reading r-1");

        await Refused(host.Api.PostAsJsonAsync($"/api/settlement/employers/{EmployerId}/reimbursements/close", new { period = "2026-13" }), HttpStatusCode.BadRequest, "period");
        await Refused(host.Api.PostAsJsonAsync($"/api/settlement/employers/{EmployerId}/reimbursements/close", new { period = "2099-01" }), HttpStatusCode.Conflict, "has not ended");
        await Refused(host.Api.PostAsJsonAsync($"/api/settlement/employers/nobody-{_run}/reimbursements/close", new { period = "2026-11" }), HttpStatusCode.NotFound, "nobody");
        await Refused(host.Api.GetAsync($"/api/settlement/employers/{EmployerId}/payroll?period=november"), HttpStatusCode.BadRequest, "period");
        await Refused(host.Api.GetAsync($"/api/settlement/reimbursements/{EmployerId}:erika:2026-10"), HttpStatusCode.NotFound, "does not exist");
        await Refused(host.Api.PostAsJsonAsync($"/api/settlement/reimbursements/{EmployerId}:erika:2026-10/lines/1/confirm", new { }), HttpStatusCode.NotFound, "does not exist");

        // Nothing was closed by the refusals: the month still closes, with the one reading.
        (await host.Api.PostAsJsonAsync($"/api/settlement/employers/{EmployerId}/reimbursements/close", new { period = "2026-11" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Payroll()).ShouldBe(["employee_number,period,kwh,amount,currency", "4711,2026-11,1,0.33,EUR"]);
        await Refused(host.Api.PostAsJsonAsync($"/api/settlement/reimbursements/{EmployerId}:erika:2026-11/lines/2/confirm", new { }), HttpStatusCode.NotFound, "no line 2");
    }

    [Fact]
    public async Task of_overlapping_readings_posted_at_the_same_time_one_is_recorded()
    {
        await PutEmployer(includeRoamingCdrs: false);
        await PutEmployee("erika", "4711", meter: $"MID-{_run}");
        var posts = Enumerable.Range(0, 6).Select(i => PostReading("erika", $"MID-{_run}", $"2026-11-05T18:{i}0:00Z", "2026-11-05T20:00:00Z",
            i * 100, i * 100 + 50, id: $"c-{i}")).ToList();
        var answers = (await Task.WhenAll(posts)).Select(r => r.StatusCode).ToList();
        answers.Count(s => s == HttpStatusCode.Created).ShouldBe(1, string.Join(", ", answers));
        answers.Count(s => s == HttpStatusCode.Conflict).ShouldBe(5, string.Join(", ", answers));
    }

    [Fact]
    public async Task every_employer_and_employee_change_is_an_event_with_its_actor()
    {
        await PutEmployer(includeRoamingCdrs: false);
        await PutEmployer(includeRoamingCdrs: true);
        await PutEmployer(includeRoamingCdrs: true); // the same again: no event
        var events = await host.Stream(Employer.KeyOf(EmployerId));
        events.Select(e => e.EventTypeName).ShouldBe(["employer_registered", "employer_changed"]);
        events.Select(e => e.Data).OfType<EmployerChanged>().Single().Actor.ShouldBe("operator");
        events.ShouldAllBe(e => e.Headers![EventContext.ActorHeader].ToString() == "operator");

        await PutEmployee("erika", "4711", meter: $"MID-{_run}", token: $"TOK-{_run}");
        var employer = await host.Json($"/api/settlement/employers/{EmployerId}");
        employer.GetProperty("employer").GetProperty("include_roaming_cdrs").GetBoolean().ShouldBeTrue();
        var erika = employer.GetProperty("employees").EnumerateArray().ShouldHaveSingleItem();
        erika.GetProperty("meter_ids")[0].GetString().ShouldBe($"MID-{_run}");
        erika.GetProperty("reimbursement_rate").GetString().ShouldBe("employer rate");
        (await host.Stream($"employee:{EmployerId}:erika")).Select(e => e.Data).OfType<Roaming.Settlement.Reimbursement.Employees.EmployeeRegistered>()
            .ShouldHaveSingleItem().Actor.ShouldBe("operator");
    }

    [Fact]
    public async Task the_operator_api_reference_describes_the_reimbursement_routes()
    {
        var document = await host.Api.GetStringAsync(Roaming.Platform.Hosting.OperatorApiReference.DocumentPath);
        foreach (var route in new[]
                 {
                     "/api/settlement/employers/{employer_id}", "/api/settlement/employers/{employer_id}/employees/{employee_id}",
                     "/api/settlement/employers/{employer_id}/employees/{employee_id}/meter-readings", "/api/settlement/employers/{employer_id}/reimbursements/close",
                     "/api/settlement/employers/{employer_id}/reimbursements", "/api/settlement/employers/{employer_id}/payroll",
                     "/api/settlement/reimbursements/{id}", "/api/settlement/reimbursements/{id}/pdf", "/api/settlement/reimbursements/{id}/lines/{line}/dispute",
                 })
            document.ShouldContain($"\"{route}\"");
    }

    private async Task PutEmployer(bool includeRoamingCdrs)
    {
        var response = await host.Api.PutAsJsonAsync($"/api/settlement/employers/{EmployerId}", new
        {
            name = "ACME GmbH", currency = "EUR", time_zone = "Europe/Berlin", include_roaming_cdrs = includeRoamingCdrs,
            reimbursement_rates = new[] { new { country = "DE", year = 2026, rate_per_kwh = 0.3258m, source = "BDEW household price 2026" } },
        });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task PutEmployee(string id, string number, string meter, string? chargePoint = null, string? token = null, JsonNode? tariff = null)
    {
        var response = await host.Api.PutAsJsonAsync($"/api/settlement/employers/{EmployerId}/employees/{id}", EmployeeBody(number, meter, chargePoint, token, tariff));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static JsonObject EmployeeBody(string number, string meter, string? chargePoint, string? token, JsonNode? tariff) => new()
    {
        ["employee_number"] = number, ["name"] = $"Employee {number}", ["country"] = "DE", ["meter_ids"] = new JsonArray(meter),
        ["charge_point_ids"] = chargePoint is null ? new JsonArray() : new JsonArray(chargePoint),
        ["token_uids"] = token is null ? new JsonArray() : new JsonArray(token),
        ["reimbursement_rate"] = tariff is null ? new JsonObject { ["employer_rate"] = true } : new JsonObject { ["tariff"] = tariff.DeepClone() },
    };

    private Task<HttpResponseMessage> PostReading(string employee, string meter, string start, string end, decimal startWh, decimal endWh, string? id = null,
        string? signed = null) =>
        host.Api.PostAsJsonAsync($"/api/settlement/employers/{EmployerId}/employees/{employee}/meter-readings",
            new { reading_id = id, meter_id = meter, start, end, start_wh = startWh, end_wh = endWh, signed_data = signed });

    private static async Task Created(Task<HttpResponseMessage> request)
    {
        var response = await request;
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task<string[]> Payroll()
    {
        var response = await host.Api.GetAsync($"/api/settlement/employers/{EmployerId}/payroll?period=2026-11");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        return (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }

    private static async Task Refused(Task<HttpResponseMessage> request, HttpStatusCode status, params string[] mentions)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        foreach (var mention in mentions)
            body.ShouldContain(mention);
    }

    private static string RoamingCdrJson(string cdrId, string tokenUid) => $$"""
        {"country_code":"DE","party_id":"ABC","id":"{{cdrId}}","start_date_time":"2026-11-04T11:00:00Z","end_date_time":"2026-11-04T12:00:00Z",
         "cdr_token":{"country_code":"DE","party_id":"MSP","uid":"{{tokenUid}}","type":"RFID","contract_id":"DE-MSP-C12345678-9"},
         "auth_method":"WHITELIST","currency":"EUR","total_cost":{"excl_vat":10.00,"incl_vat":11.90},"total_energy":20,"total_time":1,
         "last_updated":"2026-11-04T12:05:00Z"}
        """;

    private async Task<HomeSession?> Session(string key)
    {
        await using var session = host.Store.QuerySession();
        return await session.LoadAsync<HomeSession>(key);
    }

    /// <summary>Polls until <paramref name="probe"/> answers, failing after <see cref="Idle"/> stretched by <see cref="Patience"/>.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T?>> probe)
    {
        var deadline = Patience.DeadlineAfter(Idle);
        while (true)
        {
            if (await probe() is { } value)
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the condition did not hold in time");
            await Task.Delay(50);
        }
    }
}
