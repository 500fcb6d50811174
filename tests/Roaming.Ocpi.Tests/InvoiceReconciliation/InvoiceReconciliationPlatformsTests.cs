using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marten;
using Roaming.Contracts.Settlement.V1;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Pushing;
using Roaming.Ocpi.Tests.Platforms;
using Roaming.Testing;
using Shouldly;
using Xunit;
using static Roaming.Ocpi.Tests.InvoiceReconciliation.InvoiceReconciliationRecordsTests;

namespace Roaming.Ocpi.Tests.InvoiceReconciliation;

/// <summary>
/// Our platform (NL*CPO, which issues or receives the statements) registered with two partner platforms, NL*MSP and
/// NL*OTH, over real HTTP: a statement's record is pushed to the platform of its other party and can be pulled by the
/// platforms of its parties, and by no other.
/// </summary>
public class InvoiceReconciliationPlatformsTests : IAsyncLifetime
{
    private OcpiPlatform _ours = null!;
    private OcpiPlatform _msp = null!;
    private OcpiPlatform _other = null!;

    public async Task InitializeAsync()
    {
        _ours = await OcpiPlatform.Start("roaming_ocpi_invoices_ours", "NL*CPO");
        _msp = await OcpiPlatform.Start("roaming_ocpi_invoices_msp", "NL*MSP");
        _other = await OcpiPlatform.Start("roaming_ocpi_invoices_oth", "NL*OTH");
        foreach (var partner in new[] { _msp, _other })
        {
            var created = await (await partner.Api.PostAsJsonAsync("/api/partners", new { name = "Our platform" })).Content.ReadFromJsonAsync<JsonObject>();
            var registered = await _ours.Api.PostAsJsonAsync("/api/partners/register",
                new { versions_url = created!["versions_url"]!.GetValue<string>(), token_a = created["token_a"]!.GetValue<string>(), name = "A partner" });
            registered.StatusCode.ShouldBe(HttpStatusCode.OK, await registered.Content.ReadAsStringAsync());
        }
    }

    public async Task DisposeAsync()
    {
        await _ours.DisposeAsync();
        await _msp.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Fact]
    public async Task our_invoice_is_posted_to_the_emsps_platform_only()
    {
        await Publish(Statement("NL*CPO", "NL*MSP", BillingDirections.CpoInvoicesEmsp, "CDR-1", "CDR-2"));

        var received = await Eventually(() => ReceivedRecords(_msp), records => records.Count == 1);
        var record = JsonNode.Parse(received.Single().Json)!.AsObject();
        (record["country_code"]!.GetValue<string>(), record["party_id"]!.GetValue<string>(), record["id"]!.GetValue<string>(), record["invoice_id"]!.GetValue<string>())
            .ShouldBe(("NL", "CPO", "NL*CPO:NL*MSP:2026-11", "NLCPO-2026-0001"));
        record["cdrs"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["CDR-1", "CDR-2"]);
        // The consumer planned every push before Publish returned: one POST, to the e-MSP's platform, delivered once answered.
        var deliveries = await Eventually(Deliveries, planned => planned.All(d => d.Status == DeliveryStatus.Delivered));
        deliveries.ShouldHaveSingleItem().PartnerId.ShouldBe((await PartnerOf("MSP")).Id);
        deliveries[0].Method.ShouldBe("POST");
    }

    [Fact]
    public async Task a_self_billed_invoice_of_ours_is_posted_to_the_cpos_platform()
    {
        await Publish(Statement("NL*OTH", "NL*CPO", BillingDirections.EmspSelfBills, "CDR-9"));

        var received = await Eventually(() => ReceivedRecords(_other), records => records.Count == 1);
        JsonNode.Parse(received.Single().Json)!["invoice_id"]!.GetValue<string>().ShouldBe("NLCPO-2026-0001");
        (await Deliveries()).ShouldHaveSingleItem().PartnerId.ShouldBe((await PartnerOf("OTH")).Id);
    }

    [Fact]
    public async Task each_partner_pulls_only_the_records_of_statements_it_is_a_party_of()
    {
        await Publish(Statement("NL*CPO", "NL*MSP", BillingDirections.CpoInvoicesEmsp, "CDR-1"));
        await Publish(Statement("NL*CPO", "NL*MSP", BillingDirections.EmspSelfBills, "CDR-2") with { StatementId = "NL*CPO:NL*MSP:2026-11:self" });
        await Publish(Statement("NL*CPO", "DE*XYZ", BillingDirections.CpoInvoicesEmsp, "CDR-3"));
        await Publish(Statement("NL*OTH", "NL*CPO", BillingDirections.EmspSelfBills, "CDR-4"));

        var msp = _ours.Ocpi(await _msp.OnlyPartnerToken());
        var first = await msp.GetAsync("/ocpi/2.2.1/invoicereconciliation?limit=1");
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Headers.GetValues("X-Total-Count").ShouldBe(["2"]);
        var next = first.Headers.GetValues("Link").Single();
        next.ShouldContain("offset=1");
        var second = await msp.GetAsync(next[1..next.IndexOf('>')]);
        second.Headers.Contains("Link").ShouldBeFalse();
        var mspSees = (await Data(first)).Concat(await Data(second)).Select(r => r!["id"]!.GetValue<string>()).ToList();
        mspSees.ShouldBe(["NL*CPO:NL*MSP:2026-11", "NL*CPO:NL*MSP:2026-11:self"]);

        var other = _ours.Ocpi(await _other.OnlyPartnerToken());
        var otherSees = await Data(await other.GetAsync("/ocpi/2.2.1/invoicereconciliation"));
        otherSees.Select(r => r!["id"]!.GetValue<string>()).ShouldBe(["NL*OTH:NL*CPO:2026-11"]);
    }

    [Fact]
    public async Task the_versions_list_names_the_module_and_a_partner_cannot_push_under_another_party()
    {
        var msp = _ours.Ocpi(await _msp.OnlyPartnerToken());
        var details = await (await msp.GetAsync("/ocpi/2.2.1")).Content.ReadFromJsonAsync<JsonObject>();
        details!["data"]!["endpoints"]!.AsArray().Where(e => e!["identifier"]!.GetValue<string>() == "invoicereconciliation")
            .Select(e => e!["role"]!.GetValue<string>()).ShouldBe(["SENDER", "RECEIVER"]);

        var record = new JsonObject
        {
            ["country_code"] = "NL", ["party_id"] = "MSP", ["id"] = "S-1", ["invoice_id"] = "INV-1", ["cdrs"] = new JsonArray("C1"),
            ["last_updated"] = "2026-12-06T02:00:00Z",
        };
        (await msp.PostAsJsonAsync("/ocpi/2.2.1/invoicereconciliation", record)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await msp.GetAsync("/ocpi/2.2.1/invoicereconciliation/NL/MSP/S-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        record["party_id"] = "OTH";
        (await msp.PostAsJsonAsync("/ocpi/2.2.1/invoicereconciliation", record)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var other = _ours.Ocpi(await _other.OnlyPartnerToken());
        (await other.GetAsync("/ocpi/2.2.1/invoicereconciliation/NL/MSP/S-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await msp.DeleteAsync("/ocpi/2.2.1/invoicereconciliation/NL/MSP/S-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await msp.GetAsync("/ocpi/2.2.1/invoicereconciliation/NL/MSP/S-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private Task Publish(StatementIssued statement) => _ours.Bus.Publish(statement, Guid.NewGuid(), null, CancellationToken.None);

    private static async Task<IReadOnlyList<OcpiObject>> ReceivedRecords(OcpiPlatform platform)
    {
        await using var query = platform.Store.QuerySession();
        return await query.Query<OcpiObject>().Where(o => o.Module == Modules.InvoiceReconciliation).ToListAsync();
    }

    private async Task<IReadOnlyList<Delivery>> Deliveries()
    {
        await using var query = _ours.Store.QuerySession();
        return await query.Query<Delivery>().Where(d => d.Module == Modules.InvoiceReconciliation).ToListAsync();
    }

    private async Task<Roaming.Ocpi.Partners.Partner> PartnerOf(string party)
    {
        await using var query = _ours.Store.QuerySession();
        return (await query.Query<Roaming.Ocpi.Partners.Partner>().ToListAsync()).Single(p => p.SpeaksFor("NL", party));
    }

    private static async Task<JsonArray> Data(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["data"]!.AsArray();

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> condition)
    {
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(20));
        var value = await read();
        while (!condition(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await read();
        }
        condition(value).ShouldBeTrue($"condition not reached in 20 s, last value: {value}");
        return value;
    }
}
