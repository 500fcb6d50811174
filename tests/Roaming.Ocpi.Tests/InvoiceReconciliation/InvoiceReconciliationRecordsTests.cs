using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Roaming.Contracts.Settlement.V1;
using Roaming.Ocpi.InvoiceReconciliation;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Pushing;
using Shouldly;
using Xunit;

namespace Roaming.Ocpi.Tests.InvoiceReconciliation;

/// <summary>The statement → InvoiceReconciliationRecord mapping, who may see a record, who gets it pushed, and what a received record must hold.</summary>
public class InvoiceReconciliationRecordsTests
{
    private static readonly Instant Issued = Instant.FromUtc(2026, 12, 6, 2, 0);
    private static readonly Instant Now = Issued + Duration.FromSeconds(3);

    internal static StatementIssued Statement(string operatorId, string providerId, string billing, params string[] cdrs) =>
        new($"{operatorId}:{providerId}:2026-11", $"{(billing == BillingDirections.EmspSelfBills ? providerId : operatorId).Replace("*", "")}-2026-0001",
            operatorId, providerId, billing == BillingDirections.EmspSelfBills ? providerId : operatorId, billing, "2026-11", "EUR", 100m, 119m, cdrs, Issued);

    private static Partner Platform(string party, params string[] modules) => new($"partner-{party}", party, PartnerStatus.Registered, "h", null,
        new SealedToken("k", "", ""), true, "https://x/versions",
        modules.Select(m => new Endpoint(m, "RECEIVER", $"https://{party}.example/ocpi/2.2.1/{m}")).ToList(),
        [new CredentialsRole("CPO", new BusinessDetails(party), party, "NL"), new CredentialsRole("EMSP", new BusinessDetails(party), party, "NL")], Now, Now);

    [Fact]
    public void A_cpo_invoice_is_owned_by_the_cpo_and_shared_with_the_emsp()
    {
        var record = InvoiceReconciliationRecords.Of(Statement("NL*CPO", "NL*MSP", BillingDirections.CpoInvoicesEmsp, "CDR-1", "CDR-2"), Now)!;

        (record.Module, record.CountryCode, record.PartyId, record.ObjectId).ShouldBe((Modules.InvoiceReconciliation, "NL", "CPO", "NL*CPO:NL*MSP:2026-11"));
        (record.SharedWithCountryCode, record.SharedWithPartyId, record.Owner).ShouldBe(("NL", "MSP", Owners.Self));
        var json = JsonNode.Parse(record.Json)!.AsObject();
        json.Select(p => p.Key).ShouldBe(["country_code", "party_id", "id", "invoice_id", "cdrs", "last_updated"]);
        (json["country_code"]!.GetValue<string>(), json["party_id"]!.GetValue<string>(), json["invoice_id"]!.GetValue<string>())
            .ShouldBe(("NL", "CPO", "NLCPO-2026-0001"));
        json["cdrs"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["CDR-1", "CDR-2"]);
        json["last_updated"]!.GetValue<string>().ShouldBe("2026-12-06T02:00:00Z");
        record.LastUpdated.ShouldBe(Issued);
    }

    [Fact]
    public void A_self_billed_invoice_is_owned_by_the_emsp_and_shared_with_the_cpo()
    {
        var record = InvoiceReconciliationRecords.Of(Statement("NL*CPO", "NL*MSP", BillingDirections.EmspSelfBills, "CDR-1"), Now)!;

        (record.CountryCode, record.PartyId, record.SharedWithCountryCode, record.SharedWithPartyId).ShouldBe(("NL", "MSP", "NL", "CPO"));
        JsonNode.Parse(record.Json)!["invoice_id"]!.GetValue<string>().ShouldBe("NLMSP-2026-0001");
    }

    [Fact]
    public void A_statement_without_cdrs_has_no_record_and_a_cdr_is_listed_once()
    {
        InvoiceReconciliationRecords.Of(Statement("NL*CPO", "NL*MSP", BillingDirections.CpoInvoicesEmsp), Now).ShouldBeNull();
        var record = InvoiceReconciliationRecords.Of(Statement("NL*CPO", "NL*MSP", BillingDirections.CpoInvoicesEmsp, "CDR-1", "cdr-1", "CDR-2"), Now)!;
        JsonNode.Parse(record.Json)!["cdrs"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public void A_statement_id_longer_than_36_characters_becomes_a_stable_36_character_id()
    {
        const string longId = "DE*CPO:DE*MSP:2026-W47:EUR:with-a-long-suffix";

        var id = InvoiceReconciliationRecords.RecordId(longId);

        id.Length.ShouldBe(36);
        InvoiceReconciliationRecords.RecordId(longId).ShouldBe(id);
        InvoiceReconciliationRecords.RecordId(longId + "x").ShouldNotBe(id);
        InvoiceReconciliationRecords.RecordId("DE*CPO:DE*MSP:2026-11").ShouldBe("DE*CPO:DE*MSP:2026-11");
    }

    [Theory]
    [InlineData("CPO", true)]
    [InlineData("MSP", true)]
    [InlineData("OTH", false)]
    public void Only_the_platforms_of_the_statements_two_parties_see_its_record(string party, bool visible)
    {
        var record = InvoiceReconciliationRecords.Of(Statement("NL*CPO", "NL*MSP", BillingDirections.CpoInvoicesEmsp, "CDR-1"), Now)!;

        InvoiceReconciliationRecords.Visible(record, Platform(party)).ShouldBe(visible);
    }

    [Theory]
    [InlineData(BillingDirections.CpoInvoicesEmsp, "MSP")]
    [InlineData(BillingDirections.EmspSelfBills, "CPO")]
    public void The_record_is_posted_only_to_the_other_partys_receiver(string billing, string recipient)
    {
        var record = InvoiceReconciliationRecords.Of(Statement("NL*CPO", "NL*MSP", billing, "CDR-1"), Now)!;
        Partner[] partners = [Platform("CPO", Modules.InvoiceReconciliation), Platform("MSP", Modules.InvoiceReconciliation),
            Platform("OTH", Modules.InvoiceReconciliation), Platform("MSP2", Modules.Cdrs)];

        var planned = DeliveryPlanner.Plan(partners, record, "POST", "", record.Json, record.Id, Now);

        var delivery = planned.ShouldHaveSingleItem();
        (delivery.PartnerId, delivery.Method, delivery.Url, delivery.ToPartyId)
            .ShouldBe(($"partner-{recipient}", "POST", $"https://{recipient}.example/ocpi/2.2.1/invoicereconciliation", recipient));
        delivery.Body.ShouldBe(record.Json);
    }

    public static TheoryData<string, string?> Received => new()
    {
        { """{"country_code":"NL","party_id":"CPO","id":"S-1","invoice_id":"INV-1","cdrs":["C1"],"last_updated":"2026-12-06T02:00:00Z"}""", null },
        { """{"party_id":"CPO","id":"S-1","invoice_id":"INV-1","cdrs":["C1"],"last_updated":"2026-12-06T02:00:00Z"}""", "country_code is required" },
        { """{"country_code":"NL","party_id":"CPOX","id":"S-1","invoice_id":"INV-1","cdrs":["C1"],"last_updated":"2026-12-06T02:00:00Z"}""", "party_id is longer than 3 characters" },
        { """{"country_code":"NL","party_id":"CPO","id":"S-1","cdrs":["C1"],"last_updated":"2026-12-06T02:00:00Z"}""", "invoice_id is required" },
        { """{"country_code":"NL","party_id":"CPO","id":"S-1","invoice_id":"INV-1","cdrs":[],"last_updated":"2026-12-06T02:00:00Z"}""", "cdrs must list at least one CDR id" },
        { """{"country_code":"NL","party_id":"CPO","id":"S-1","invoice_id":"INV-1","cdrs":[1],"last_updated":"2026-12-06T02:00:00Z"}""", "every CDR id in cdrs is a string of 1 to 36 characters" },
        { """{"country_code":"NL","party_id":"CPO","id":"S-1","invoice_id":"INV-1","cdrs":["C1"],"last_updated":"yesterday"}""", "last_updated must be an OCPI DateTime" },
    };

    [Theory]
    [MemberData(nameof(Received))]
    public void A_received_record_is_checked_field_by_field(string json, string? problem) =>
        InvoiceReconciliationRecords.Problem(JsonDocument.Parse(json).RootElement).ShouldBe(problem);
}
