using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ochp.Cdrs;
using Roaming.Protocols.Ochp;
using Serilog;

namespace Roaming.Host;

/// <summary>
/// The settlement part of <c>roaming run --demo</c>: an agreement between the demo CPO and the demo e-MSP, three CDRs of
/// last month uploaded to the clearing house as the CPO would over OCHP (two approved by the e-MSP, one declined), and
/// last month closed: the log names the statement and the URLs of its PDF and UBL invoice.
/// </summary>
internal static class DemoSettlementSeed
{
    private const string Operator = "DE*CPO";
    private const string Provider = "DE*MSP";

    public static async Task Run(HttpClient http, IServiceProvider services, string baseUrl, CancellationToken cancellation)
    {
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var today = SystemClock.Instance.GetCurrentInstant().InZone(zone).Date;
        var lastMonth = today.With(DateAdjusters.StartOfMonth).PlusMonths(-1);
        var period = $"{lastMonth.Year:0000}-{lastMonth.Month:00}";

        using (var response = await http.PutAsJsonAsync($"/api/settlement/agreements/{Operator}/{Provider}", JsonNode.Parse($$$"""
            {"currency": "EUR", "period": "monthly", "time_zone": "Europe/Berlin", "billing": "cpo_invoices_emsp", "payment_terms_days": 30,
             "close_after_days": 5, "vat_rates": [{"country": "DE", "rate": 19, "valid_from": "{{{lastMonth.Year}}}-01-01"}],
             "issuer": {"name": "Demo CPO GmbH", "address": "Friedrichstrasse 12A, 10117 Berlin", "vat_id": "DE123456789", "country_code": "DE"},
             "recipient": {"name": "Demo e-MSP GmbH", "address": "Hafenstrasse 1, 20457 Hamburg", "vat_id": "DE987654321", "country_code": "DE"}}
            """), cancellation))
            await EnsureSuccess(response, "PUT the demo agreement", cancellation);

        // Last month's sessions, as the CPO uploads them over OCHP (AddCDRs) and the e-MSP confirms them (ConfirmCDRs).
        CdrInfo[] cdrs = [DemoCdr(1, lastMonth.PlusDays(2), 22.5m), DemoCdr(2, lastMonth.PlusDays(11), 31.2m), DemoCdr(3, lastMonth.PlusDays(20), 12.0m)];
        var request = OchpXml.ToElement(new AddCdrsRequest { CdrInfoArray = [.. cdrs] });
        var documents = request.Elements(System.Xml.Linq.XName.Get("cdrInfoArray", OchpNamespaces.Ochp)).ToList();
        var now = SystemClock.Instance.GetCurrentInstant();
        await using (var scope = services.CreateAsyncScope())
        {
            var submit = scope.ServiceProvider.GetRequiredService<IRequestClient<SubmitCdrs>>();
            await submit.GetResponse<CdrsSubmitted>(new SubmitCdrs(DemoSeed.DemoCpoLogin, "demo", cdrs.Select((c, i) => CdrMapping.ToClearing(c, documents[i])).ToList(), now), cancellation);
            var confirm = scope.ServiceProvider.GetRequiredService<IRequestClient<ConfirmCdrs>>();
            await confirm.GetResponse<CdrsConfirmed>(new ConfirmCdrs(DemoSeed.DemoEmspLogin, "demo",
                [new CdrKey(cdrs[0].CdrId, cdrs[0].EvseId), new CdrKey(cdrs[1].CdrId, cdrs[1].EvseId)],
                [new CdrKey(cdrs[2].CdrId, cdrs[2].EvseId, "Token was blocked at the time of the session")], now), cancellation);
        }

        // The ledger follows the clearing workflow through messages: close once both approvals have reached it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await Count(http, $"/api/settlement/ledger?operator_id={Operator}&provider_id={Provider}&state=billable", cancellation) < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(250, cancellation);
        using var close = await http.PostAsJsonAsync("/api/settlement/periods/close", new { operator_id = Operator, provider_id = Provider, period }, cancellation);
        if (close.StatusCode != System.Net.HttpStatusCode.Conflict)  // already closed by an earlier demo run on the same database
            await EnsureSuccess(close, $"close {period}", cancellation);
        var statements = await http.GetFromJsonAsync<JsonArray>($"/api/settlement/statements?operator_id={Operator}&provider_id={Provider}&period={period}", cancellation);
        var statement = statements!.Single()!;
        var id = Uri.EscapeDataString(statement["id"]!.GetValue<string>());
        Log.Information(
            "Demo settlement: {Period} of DE*CPO → DE*MSP is closed as statement {Invoice} ({Total} EUR incl. VAT). " +
            "PDF: {Base}/api/settlement/statements/{Id}/export?format=pdf  UBL: {Base}/api/settlement/statements/{Id}/export?format=ubl (admin key)",
            period, statement["invoice_number"]?.GetValue<string>(), statement["totals"]!["incl_vat"], baseUrl, id, baseUrl, id);
    }

    private static CdrInfo DemoCdr(int number, LocalDate day, decimal kwh)
    {
        var start = day.At(new LocalTime(18, 0)).InZoneLeniently(DateTimeZoneProviders.Tzdb["Europe/Berlin"]).ToOffsetDateTime();
        var end = start.PlusHours(2);
        var energyCost = decimal.Round(kwh * 0.39m, 2, MidpointRounding.AwayFromZero);
        return new CdrInfo
        {
            CdrId = $"DECPO{number:000000000000000000000000000000}",
            EvseId = "DE*CPO*E0001",
            EmtId = new EmtId { Instance = "04A1B2C3D4E5F6", TokenType = TokenType.Rfid, TokenSubType = TokenSubType.MifareClassic },
            ContractId = "DE-MSP-C00000001-W",
            Status = CdrStatusType.Of(CdrStatus.New),
            StartDateTime = LocalDateTimeType.From(start),
            EndDateTime = LocalDateTimeType.From(end),
            Duration = "002:00:00",
            ChargePointAddress = new AddressType { HouseNumber = "12A", Address = "Friedrichstrasse", City = "Berlin", ZipCode = "10117", Country = "DEU" },
            ChargePointType = ChargePointType.AC,
            ConnectorType = new ConnectorType { ConnectorStandard = ConnectorStandardType.Of(ConnectorStandard.IEC_62196_T2), ConnectorFormat = ConnectorFormatType.Of(ConnectorFormat.Socket) },
            ChargingPeriods =
            [
                new CdrPeriodType
                {
                    StartDateTime = LocalDateTimeType.From(start), EndDateTime = LocalDateTimeType.From(end), BillingItem = BillingItemType.Of(BillingItem.Energy),
                    BillingValue = kwh, ItemPrice = 0.39m, PeriodCost = energyCost, TaxRate = 19,
                },
            ],
            TotalCost = energyCost,
            Currency = "EUR",
        };
    }

    private static async Task<int> Count(HttpClient http, string path, CancellationToken cancellation)
    {
        using var response = await http.GetAsync(path, cancellation);
        if (!response.IsSuccessStatusCode)
            return 0;
        return (await response.Content.ReadFromJsonAsync<JsonArray>(cancellation))?.Count ?? 0;
    }

    private static async Task EnsureSuccess(HttpResponseMessage response, string what, CancellationToken cancellation)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellation)}");
    }
}
