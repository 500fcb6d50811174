using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using NodaTime;
using Roaming.EndToEnd.Tests.Ocpi;
using Roaming.Protocols.Ochp;
using Roaming.Testing;
using Shouldly;

namespace Roaming.EndToEnd.Tests.Settlement;

/// <summary>
/// The clearing house settles: two roaming connections in two currencies (DE*ABC → DE*8AA in EUR, monthly, the CPO
/// invoices; CH*XYZ → DE*8AA in CHF, weekly, the e-MSP self-bills). The CPOs upload November 2026 CDRs with an
/// independent OCHP client (Python zeep), the e-MSP approves or declines them, and the operator closes the periods:
/// the statements bill exactly the approved CDRs, the exports are what a finance team sends (the UBL invoice valid
/// against the official UBL 2.1 schemas and the EN 16931 calculation rules, checked here independently of our code), a
/// disputed CDR is held out of one statement and billed on the next once the dispute is accepted, and a CDR in another
/// currency than its agreement is held with the reason.
/// </summary>
public class SettlementEndToEnd
{
    private const string OchpPassword = "e2e-settle-login-1";
    private const string Contract = "DE-8AA-CA2B3C4D5-L";

    [Fact]
    public async Task two_connections_in_two_currencies_are_cleared_closed_and_exported()
    {
        await using var chs = await PartyInstance.Start("roaming_e2e_settlement", "NL*CHS",
            new Dictionary<string, string> { ["Roaming__Settlement__CloseInterval"] = "1.00:00:00" });
        await chs.Put("/api/clearing/participants/cpo-de", Json(new { name = "ABC Charging", operator_ids = new[] { "DE*ABC" }, ochp = new { username = "cpo-de", password = OchpPassword } }));
        await chs.Put("/api/clearing/participants/cpo-ch", Json(new { name = "XYZ Laden", operator_ids = new[] { "CH*XYZ" }, ochp = new { username = "cpo-ch", password = OchpPassword } }));
        await chs.Put("/api/clearing/participants/emsp", Json(new { name = "8AA Mobility", provider_ids = new[] { "DE*8AA" }, ochp = new { username = "emsp", password = OchpPassword } }));
        await chs.Put("/api/clearing/connections/DE*ABC/DE*8AA", "{}");
        await chs.Put("/api/clearing/connections/CH*XYZ/DE*8AA", "{}");
        await chs.Put("/api/settlement/agreements/DE*ABC/DE*8AA", """
            {"currency": "EUR", "period": "monthly", "time_zone": "Europe/Berlin", "billing": "cpo_invoices_emsp", "payment_terms_days": 30,
             "close_after_days": 5, "vat_rates": [{"country": "DE", "rate": 19, "valid_from": "2026-01-01"}],
             "issuer": {"name": "ABC Charging GmbH", "address": "Friedrichstrasse 12A, 10117 Berlin", "vat_id": "DE123456789", "country_code": "DE"},
             "recipient": {"name": "8AA Mobility GmbH", "address": "Hafenstrasse 1, 20457 Hamburg", "vat_id": "DE987654321", "country_code": "DE"}}
            """);
        await chs.Put("/api/settlement/agreements/CH*XYZ/DE*8AA", """
            {"currency": "CHF", "period": "weekly", "time_zone": "Europe/Zurich", "billing": "emsp_self_bills", "payment_terms_days": 14,
             "vat_rates": [{"country": "CH", "rate": 8.1, "valid_from": "2024-01-01"}],
             "issuer": {"name": "8AA Mobility GmbH", "address": "Hafenstrasse 1, 20457 Hamburg", "vat_id": "DE987654321", "country_code": "DE"},
             "recipient": {"name": "XYZ Laden AG", "address": "Bahnhofstrasse 1, 8001 Zürich", "vat_id": "CHE-123.456.789 MWST", "country_code": "CH"}}
            """);

        // DE: three sessions in November (22.5 kWh each at 0.30 EUR + parking), the e-MSP declines the third.
        // CH: one session in ISO week 47, one in week 48 (CHF), and one uploaded in EUR although the agreement is in CHF.
        CdrInfo[] german = [Cdr("DEABC00000000000000000000000000001", "DE*ABC*E0001", 3, "EUR"), Cdr("DEABC00000000000000000000000000002", "DE*ABC*E0001", 12, "EUR"),
            Cdr("DEABC00000000000000000000000000003", "DE*ABC*E0002", 25, "EUR")];
        CdrInfo[] swiss = [Cdr("CHXYZ00000000000000000000000000001", "CH*XYZ*E0001", 17, "CHF"), Cdr("CHXYZ00000000000000000000000000002", "CH*XYZ*E0001", 24, "CHF"),
            Cdr("CHXYZ00000000000000000000000000003", "CH*XYZ*E0001", 25, "EUR")];
        var wsdl = chs.Url + "/service/ochp/v1.4?wsdl";
        // The OCHP service learns the logins from Clearing's messages: until it has, a call is not authorized.
        var upload = await RunUntilAuthorized(wsdl, [
            Step("upload-de", "cpo-de", "AddCDRs", new AddCdrsRequest { CdrInfoArray = [.. german] }),
            Step("upload-ch", "cpo-ch", "AddCDRs", new AddCdrsRequest { CdrInfoArray = [.. swiss] }),
            Step("fetch", "emsp", "GetCDRs", new GetCdrsRequest())]);
        ZeepPeer.ResultCode(upload, "upload-de").ShouldBe("ok", upload.ToJsonString());
        ZeepPeer.ResultCode(upload, "upload-ch").ShouldBe("ok", upload.ToJsonString());
        (upload["fetch"]!["response"]!["cdrInfoArray"] as JsonArray)!.Count.ShouldBe(6);
        var confirm = await ZeepPeer.Run(wsdl, [Step("confirm", "emsp", "ConfirmCDRs", new ConfirmCdrsRequest
        {
            Approved = [.. german.Take(2).Concat(swiss).Select(Key)],
            Declined = [Key(german[2])],
        })]);
        ZeepPeer.ResultCode(confirm, "confirm").ShouldBe("ok", confirm.ToJsonString());

        // The ledger follows the clearing workflow: approved CDRs are billable, the declined one and the one in EUR are held.
        var ledger = await chs.WaitFor("/api/settlement/ledger?provider_id=DE*8AA&limit=100",
            l => Items(l).Count(c => State(c) is "billable" or "held") == 6, TimeSpan.FromSeconds(60), "ledger");
        Items(ledger).Where(c => State(c) == "held").Select(c => c["cdr_id"]!.GetValue<string>()).Order()
            .ShouldBe([swiss[2].CdrId, german[2].CdrId]);
        Items(ledger).Single(c => c["cdr_id"]!.GetValue<string>() == swiss[2].CdrId)["hold_reason"]!.GetValue<string>().ShouldContain("CHF");

        // Bad input: a period that has not ended, then the real close, then closing it again.
        (await chs.Api.PostAsJsonAsync("/api/settlement/periods/close", new { operator_id = "DE*ABC", provider_id = "DE*8AA", period = "2099-01" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var november = await chs.Post("/api/settlement/periods/close", new { operator_id = "DE*ABC", provider_id = "DE*8AA", period = "2026-11" });
        (await chs.Api.PostAsJsonAsync("/api/settlement/periods/close", new { operator_id = "DE*ABC", provider_id = "DE*8AA", period = "2026-11" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // Two approved CDRs of 8.55 EUR net each: 17.10 net. VAT is computed once per rate as EN 16931 does (19 % of
        // 17.10 = 3.249 → 3.25) and shared out to the lines to the cent (1.6245 each: 1.63 and 1.62), so lines and totals agree.
        november["currency"]!.GetValue<string>().ShouldBe("EUR");
        november["number"]!.GetValue<long>().ShouldBe(1);
        var lines = november["lines"]!.AsArray();
        lines.Select(l => l!["cdr_id"]!.GetValue<string>()).ShouldBe([german[0].CdrId, german[1].CdrId]);
        lines.Select(l => $"{l!["amount_excl_vat"]} {l["vat_rate"]}").ShouldBe(["8.55 19", "8.55 19"]);
        lines.Select(l => l!["amount_incl_vat"]!.GetValue<decimal>()).Order().ShouldBe([10.17m, 10.18m]);
        var totals = november["totals"]!;
        (totals["excl_vat"]!.GetValue<decimal>(), totals["vat"]!.GetValue<decimal>(), totals["incl_vat"]!.GetValue<decimal>()).ShouldBe((17.10m, 3.25m, 20.35m));
        var novemberId = november["id"]!.GetValue<string>();
        var listed = await chs.WaitFor("/api/settlement/statements?operator_id=DE*ABC&provider_id=DE*8AA&period=2026-11", s => Items(s).Count == 1, TimeSpan.FromSeconds(10));
        Items(listed).Single()["id"]!.GetValue<string>().ShouldBe(novemberId);

        // Exports: CSV rows, a PDF, and the UBL invoice valid against the schemas and EN 16931's arithmetic.
        var csv = await Export(chs, novemberId, "csv");
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1 + 2);
        (await ExportBytes(chs, novemberId, "pdf")).Take(5).ShouldBe("%PDF-"u8.ToArray());
        var invoice = XDocument.Parse(await Export(chs, novemberId, "ubl"));
        ValidateAgainstUbl21(invoice);
        En16931Arithmetic(invoice, expectedPayable: 20.35m);
        invoice.Root!.Element(Cbc + "InvoiceTypeCode")!.Value.ShouldBe("380");
        invoice.Root!.Element(Cbc + "ID")!.Value.ShouldBe(november["invoice_number"]!.GetValue<string>());

        // CH, weekly: the week-47 CDR is disputed before its week is closed, so it is held out of that statement, which
        // notes the dispute; accepted, it is billed on the week-48 statement with the week-48 CDR.
        var dispute = await chs.Post("/api/settlement/disputes", new { operator_id = "CH*XYZ", cdr_id = swiss[0].CdrId, reason = "Session was interrupted after 10 minutes" });
        var disputeId = dispute["id"]!.GetValue<string>();
        var week47 = await chs.Post("/api/settlement/periods/close", new { operator_id = "CH*XYZ", provider_id = "DE*8AA", period = "2026-W47" });
        week47["lines"]!.AsArray().Count.ShouldBe(0);
        week47["disputes"]!.AsArray().Select(d => d!["cdr_id"]!.GetValue<string>()).ShouldBe([swiss[0].CdrId]);
        // Nothing to invoice: an empty statement has its PDF but no e-invoice (EN 16931 needs a line).
        (await ExportBytes(chs, week47["id"]!.GetValue<string>(), "pdf")).Take(5).ShouldBe("%PDF-"u8.ToArray());
        var noInvoice = await chs.Api.GetAsync($"/api/settlement/statements/{Uri.EscapeDataString(week47["id"]!.GetValue<string>())}/export?format=ubl");
        noInvoice.StatusCode.ShouldBe(HttpStatusCode.Conflict, await noInvoice.Content.ReadAsStringAsync());
        await chs.Post($"/api/settlement/disputes/{disputeId}/resolve", new { outcome = "accepted", note = "Meter data shows the full session" });
        var week48 = await chs.Post("/api/settlement/periods/close", new { operator_id = "CH*XYZ", provider_id = "DE*8AA", period = "2026-W48" });
        week48["currency"]!.GetValue<string>().ShouldBe("CHF");
        week48["number"]!.GetValue<long>().ShouldBe(2);  // the e-MSP's second self-billed statement: numbers run per issuer
        week48["lines"]!.AsArray().Select(l => l!["cdr_id"]!.GetValue<string>()).Order().ShouldBe([swiss[0].CdrId, swiss[1].CdrId]);
        week48["disputes"]!.AsArray().Single()!["status"]!.GetValue<string>().ShouldBe("accepted");
        // 17.10 CHF net, 8.1 % VAT = 1.3851 → 1.39.
        (week48["totals"]!["excl_vat"]!.GetValue<decimal>(), week48["totals"]!["vat"]!.GetValue<decimal>(), week48["totals"]!["incl_vat"]!.GetValue<decimal>())
            .ShouldBe((17.10m, 1.39m, 18.49m));
        var selfBilled = XDocument.Parse(await Export(chs, week48["id"]!.GetValue<string>(), "ubl"));
        ValidateAgainstUbl21(selfBilled);
        En16931Arithmetic(selfBilled, expectedPayable: 18.49m);
        selfBilled.Root!.Element(Cbc + "InvoiceTypeCode")!.Value.ShouldBe("389");
        selfBilled.Root!.Element(Cbc + "DocumentCurrencyCode")!.Value.ShouldBe("CHF");
        // The seller is the CPO even though the e-MSP issues the self-billed invoice.
        selfBilled.Root!.Element(Cac + "AccountingSupplierParty")!.Descendants(Cbc + "RegistrationName").First().Value.ShouldBe("XYZ Laden AG");

        // A dispute on a line of a paid statement is refused, and nothing changes.
        await chs.Post($"/api/settlement/statements/{novemberId}/payments", new { amount = 20.35m, paid_on = "2026-12-05", reference = "SEPA-4711" });
        (await chs.Api.GetFromJsonAsync<JsonObject>($"/api/settlement/statements/{novemberId}"))!["payment"]!["status"]!.GetValue<string>().ShouldBe("paid");
        var refused = await chs.Api.PostAsJsonAsync("/api/settlement/disputes", new { statement_id = novemberId, line_number = 1, reason = "late" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict, await refused.Content.ReadAsStringAsync());
        (await refused.Content.ReadAsStringAsync()).ShouldContain("paid");
    }

    /// <summary>
    /// An employer reimburses an employee's home charging for November 2026: a session on the employee's home charger
    /// (a real OCPP 1.6 charger, the independent ocpp-rpc client, reporting November times) and a MID meter reading,
    /// priced at the employer's rate per kWh, closed into the employee's statement and exported for payroll.
    /// </summary>
    [Fact]
    public async Task a_home_charging_month_ends_in_a_payroll_export()
    {
        await using var roaming = await PartyInstance.Start("roaming_e2e_reimbursement", "DE*ACM",
            new Dictionary<string, string> { ["Roaming__Settlement__ReimbursementCloseInterval"] = "1.00:00:00" });
        await roaming.Put("/api/locations/HOME-4711", """
            {"country_code":"DE","party_id":"ACM","id":"HOME-4711","publish":false,"name":"Home of employee 4711","address":"Gartenweg 3",
             "city":"Berlin","postal_code":"10115","country":"DEU","coordinates":{"latitude":"52.532000","longitude":"13.384000"},
             "time_zone":"Europe/Berlin","last_updated":"2026-01-01T00:00:00Z",
             "evses":[{"uid":"HOME-4711-E1","evse_id":"DE*ACM*E4711","status":"AVAILABLE","last_updated":"2026-01-01T00:00:00Z",
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,
                              "max_amperage":16,"last_updated":"2026-01-01T00:00:00Z"}]}]}
            """);
        await roaming.Put("/api/charge-points/CP-HOME-4711", """
            {"password": "home-charger-password-1",
             "connectors": [{"ocpp_evse_id": 1, "ocpp_connector_id": 1, "location_id": "HOME-4711", "evse_uid": "HOME-4711-E1", "connector_id": "1"}]}
            """);
        await roaming.Put("/api/tokens/HOME-TAG-4711", """
            {"country_code":"DE","party_id":"ACM","uid":"HOME-TAG-4711","type":"RFID","contract_id":"DE-ACM-C00004711-1",
             "issuer":"ACME","valid":true,"whitelist":"ALLOWED","last_updated":"2026-01-01T00:00:00Z"}
            """);
        await roaming.Put("/api/settlement/employers/acme", """
            {"name": "ACME GmbH", "currency": "EUR", "time_zone": "Europe/Berlin", "include_roaming_cdrs": false,
             "reimbursement_rates": [{"country": "DE", "year": 2026, "rate_per_kwh": 0.3258, "source": "household electricity price 2026"}]}
            """);
        await roaming.Put("/api/settlement/employers/acme/employees/erika", """
            {"employee_number": "4711", "name": "Erika Mustermann", "country": "DE", "meter_ids": ["MID-0815"], "charge_point_ids": ["CP-HOME-4711"],
             "token_uids": [], "reimbursement_rate": {"employer_rate": true}}
            """);

        // 7.5 kWh on the home charger on 20 November (0.3258 × 7.5 = 2.4435 → 2.44) ...
        await roaming.WaitForCount("select count(*) from ingest.mt_doc_knowntoken where id = 'HOME-TAG-4711'", 1, TimeSpan.FromSeconds(30));
        var run = await OcppClient.Drive("--url", $"{roaming.WebSocketUrl}/ocpp", "--id", "CP-HOME-4711", "--password", "home-charger-password-1",
            "--protocol", "ocpp1.6", "--scenario", "session", "--idtag", "HOME-TAG-4711", "--meter-start", "1000", "--samples", "3",
            "--step-wh", "2500", "--start-time", "2026-11-20T17:00:00Z", "--interval-s", "600");
        run.ExitCode.ShouldBe(0, run.Output);
        // ... and 10 kWh read from the MID meter on 3 November (3.258 → 3.26).
        await roaming.Post("/api/settlement/employers/acme/employees/erika/meter-readings",
            new { reading_id = "R-2026-11-03", meter_id = "MID-0815", start = "2026-11-03T18:00:00Z", end = "2026-11-03T20:00:00Z", start_wh = 0, end_wh = 10_000 });
        await roaming.WaitForCount("select count(*) from settlement.mt_doc_homesession where data->>'endWh' is not null", 2, TimeSpan.FromSeconds(60));

        var closed = await roaming.Post("/api/settlement/employers/acme/reimbursements/close", new { period = "2026-11" });
        closed["statements"]!.AsArray().Count.ShouldBe(1);
        var statement = await roaming.WaitFor("/api/settlement/reimbursements/acme:erika:2026-11", _ => true, TimeSpan.FromSeconds(10));
        statement["lines"]!.AsArray().Select(l => $"{l!["source"]} {l["energy_kwh"]} {l["amount"]}").ShouldBe(["mid_meter 10 3.26", "home_charger 7.5 2.44"]);
        statement["lines"]!.AsArray().ShouldAllBe(l => l!["rate_source"]!.GetValue<string>() == "employer rate DE 2026: household electricity price 2026");
        statement["total_amount"]!.GetValue<decimal>().ShouldBe(5.70m);

        var payroll = await roaming.Api.GetAsync("/api/settlement/employers/acme/payroll?period=2026-11");
        payroll.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await payroll.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))
            .ShouldBe(["employee_number,period,kwh,amount,currency", "4711,2026-11,17.5,5.70,EUR"]);
        var pdf = await roaming.Api.GetByteArrayAsync("/api/settlement/reimbursements/acme:erika:2026-11/pdf");
        pdf.Take(5).ShouldBe("%PDF-"u8.ToArray());
    }

    private static readonly XNamespace Cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    private static readonly XNamespace Cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

    private static CdrInfo Cdr(string cdrId, string evseId, int day, string currency) =>
        Ochp.OchpSessionCdr.Of(cdrId, evseId, Contract, new LocalDateTime(2026, 11, day, 18, 0).WithOffset(Offset.FromHours(1)), currency,
            new AddressType { HouseNumber = "1", Address = "Bahnhofstrasse", City = "Zürich", ZipCode = "8001", Country = evseId.StartsWith("CH") ? "CHE" : "DEU" });

    private static CdrConfirmation Key(CdrInfo cdr) => new() { CdrId = cdr.CdrId, EvseId = cdr.EvseId };

    private static ZeepPeer.Step Step<T>(string name, string user, string operation, T request) =>
        new(name, user, OchpPassword, operation, OchpXml.ToElement(request).ToString(SaveOptions.DisableFormatting));

    // A login probe first: GetCDRs changes nothing, so it can be repeated until every login is known.
    private static Task<JsonObject> RunUntilAuthorized(string wsdl, IReadOnlyList<ZeepPeer.Step> steps) =>
        ZeepPeer.RunWhenAuthorized(wsdl, steps, "GetCDRs", OchpXml.ToElement(new GetCdrsRequest()).ToString());

    private static string Json(object body) => System.Text.Json.JsonSerializer.Serialize(body);

    private static IReadOnlyList<JsonNode> Items(JsonNode list) => list.AsArray().Select(n => n!).ToList();

    private static string State(JsonNode cdr) => cdr["state"]!.GetValue<string>();

    private static async Task<string> Export(PartyInstance chs, string statementId, string format) =>
        System.Text.Encoding.UTF8.GetString(await ExportBytes(chs, statementId, format));

    private static async Task<byte[]> ExportBytes(PartyInstance chs, string statementId, string format)
    {
        var response = await chs.Api.GetAsync($"/api/settlement/statements/{Uri.EscapeDataString(statementId)}/export?format={format}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{format}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The official UBL 2.1 schemas from the repository's spec/ folder (their xmldsig module carries a DTD, read
    /// from the trusted local file), with no network; the document itself is read with DTDs prohibited.</summary>
    private static void ValidateAgainstUbl21(XDocument document)
    {
        var folder = Path.Combine(TestServers.RepositoryRoot, "spec", "ubl-2.1", "maindoc");
        var schemas = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        var schemaReading = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = new XmlUrlResolver() };
        foreach (var file in new[] { "UBL-Invoice-2.1.xsd", "UBL-CreditNote-2.1.xsd" })
        {
            using var reader = XmlReader.Create(Path.Combine(folder, file), schemaReading);
            schemas.Add(null, reader);
        }
        var errors = new List<string>();
        using var documentReader = XmlReader.Create(new StringReader(document.ToString()), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        XDocument.Load(documentReader).Validate(schemas, (_, e) => errors.Add(e.Message));
        errors.ShouldBeEmpty(string.Join("\n", errors));
    }

    /// <summary>EN 16931's calculation rules, computed here from the document alone: BR-CO-10 (sum of line net amounts),
    /// BR-CO-13/15/16 (tax exclusive, inclusive, payable), BR-CO-14 (tax total = sum of subtotals), BR-S-08 (taxable amount
    /// per rate = sum of that rate's lines), BR-CO-17 (VAT per rate = taxable amount × rate, rounded).</summary>
    private static void En16931Arithmetic(XDocument document, decimal expectedPayable)
    {
        decimal Amount(XElement parent, string name) => decimal.Parse(parent.Element(Cbc + name)!.Value, CultureInfo.InvariantCulture);
        var root = document.Root!;
        var lines = root.Elements(Cac + "InvoiceLine").Concat(root.Elements(Cac + "CreditNoteLine")).ToList();
        lines.ShouldNotBeEmpty();
        var monetary = root.Element(Cac + "LegalMonetaryTotal")!;
        var lineSum = lines.Sum(l => Amount(l, "LineExtensionAmount"));
        Amount(monetary, "LineExtensionAmount").ShouldBe(lineSum, "BR-CO-10");
        Amount(monetary, "TaxExclusiveAmount").ShouldBe(lineSum, "BR-CO-13");
        var taxTotal = root.Elements(Cac + "TaxTotal").Single(t => t.Element(Cac + "TaxSubtotal") is not null);
        var subtotals = taxTotal.Elements(Cac + "TaxSubtotal").ToList();
        Amount(taxTotal, "TaxAmount").ShouldBe(subtotals.Sum(s => Amount(s, "TaxAmount")), "BR-CO-14");
        Amount(monetary, "TaxInclusiveAmount").ShouldBe(lineSum + Amount(taxTotal, "TaxAmount"), "BR-CO-15");
        Amount(monetary, "PayableAmount").ShouldBe(Amount(monetary, "TaxInclusiveAmount"), "BR-CO-16");
        Amount(monetary, "PayableAmount").ShouldBe(expectedPayable);
        foreach (var subtotal in subtotals)
        {
            var percent = decimal.Parse(subtotal.Element(Cac + "TaxCategory")!.Element(Cbc + "Percent")!.Value, CultureInfo.InvariantCulture);
            var ofRate = lines.Where(l => decimal.Parse(l.Descendants(Cac + "ClassifiedTaxCategory").Single().Element(Cbc + "Percent")!.Value, CultureInfo.InvariantCulture) == percent);
            Amount(subtotal, "TaxableAmount").ShouldBe(ofRate.Sum(l => Amount(l, "LineExtensionAmount")), $"BR-S-08 at {percent} %");
            Amount(subtotal, "TaxAmount").ShouldBe(decimal.Round(Amount(subtotal, "TaxableAmount") * percent / 100m, 2, MidpointRounding.AwayFromZero), $"BR-CO-17 at {percent} %");
        }
    }
}
