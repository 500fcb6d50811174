using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Roaming.Contracts.Settlement.V1;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.InvoiceReconciliation;

/// <summary>
/// OCPI 2.3.0's <c>invoicereconciliation</c> module (InvoiceReconciliationRecord <c>{country_code, party_id, id,
/// invoice_id, cdrs[], last_updated}</c>), which we speak as a custom module of our 2.2.1 interface: pure mappings and
/// rules. A record is owned by the party that issued the invoice (the CPO when it invoices, the e-MSP when it
/// self-bills) and is shared with the other party of the statement, stored as an <see cref="OcpiObject"/> whose
/// <c>SharedWith</c> party is that other party: it is pushed only to the platform of that party, and only the
/// platforms of the two parties can pull it.
/// </summary>
public static class InvoiceReconciliationRecords
{
    public const int MaxIdLength = 36;
    public const int MaxInvoiceIdLength = 255;
    public const int MaxCdrIdLength = 36;

    /// <summary>
    /// The record of an issued statement, or null when there is nothing to reconcile (no CDRs: OCPI requires at least
    /// one) or a party is not a <c>CC*PID</c> party. The record id is the statement id when it fits OCPI's 36
    /// characters, else a stable digest of it.
    /// </summary>
    public static OcpiObject? Of(StatementIssued issued, Instant now)
    {
        var issuer = PartyText.Parse(issued.IssuerId);
        var other = PartyText.Parse(OtherParty(issued));
        if (issuer is null || other is null || issued.CdrIds.Count == 0)
            return null;
        var id = RecordId(issued.StatementId);
        var record = new JsonObject
        {
            ["country_code"] = issuer.Value.CountryCode, ["party_id"] = issuer.Value.PartyId, ["id"] = id,
            ["invoice_id"] = issued.InvoiceNumber,
            ["cdrs"] = new JsonArray(issued.CdrIds.Distinct(StringComparer.OrdinalIgnoreCase).Select(cdr => (JsonNode)JsonValue.Create(cdr)).ToArray()),
            ["last_updated"] = OcpiDateTime.Format(issued.IssuedAt),
        };
        return new OcpiObject(OcpiObject.KeyFor(Modules.InvoiceReconciliation, issuer.Value.CountryCode, issuer.Value.PartyId, id),
            Modules.InvoiceReconciliation, issuer.Value.CountryCode, issuer.Value.PartyId, id, Owners.Self, record.ToJsonString(), issued.IssuedAt, now,
            other.Value.CountryCode, other.Value.PartyId);
    }

    /// <summary>The party that receives the invoice: the e-MSP when the CPO issued it, the CPO when the e-MSP self-billed.</summary>
    public static string OtherParty(StatementIssued issued) =>
        string.Equals(issued.IssuerId, issued.OperatorId, StringComparison.OrdinalIgnoreCase) ? issued.ProviderId : issued.OperatorId;

    public static string RecordId(string statementId)
    {
        if (statementId.Length <= MaxIdLength)
            return statementId;
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(statementId)));
        return $"{digest[..8]}-{digest[8..12]}-{digest[12..16]}-{digest[16..20]}-{digest[20..32]}";
    }

    /// <summary>
    /// Whether a partner may pull one of our records: the platform of either party of the statement (the issuer's or the
    /// recipient's), never a third party's.
    /// </summary>
    public static bool Visible(OcpiObject record, Partner partner) =>
        record.Module == Modules.InvoiceReconciliation && record.Owner == Owners.Self && !record.Removed &&
        (partner.SpeaksFor(record.CountryCode, record.PartyId) ||
         record.SharedWithCountryCode is not null && record.SharedWithPartyId is not null && partner.SpeaksFor(record.SharedWithCountryCode, record.SharedWithPartyId));

    /// <summary>What is wrong with a record a partner pushes to our receiver (null when it is a valid record).</summary>
    public static string? Problem(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
            return "an InvoiceReconciliationRecord object is expected";
        string? Text(string field, int maxLength) =>
            !record.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text
                ? $"{field} is required"
                : text.Length > maxLength ? $"{field} is longer than {maxLength} characters" : null;
        var problem = Text("country_code", 2) ?? Text("party_id", 3) ?? Text("id", MaxIdLength) ?? Text("invoice_id", MaxInvoiceIdLength)
                      ?? Text("last_updated", 25);
        if (problem is not null)
            return problem;
        if (OcpiDateTime.TryParse(record.GetProperty("last_updated").GetString()) is null)
            return "last_updated must be an OCPI DateTime";
        if (!record.TryGetProperty("cdrs", out var cdrs) || cdrs.ValueKind != JsonValueKind.Array || cdrs.GetArrayLength() == 0)
            return "cdrs must list at least one CDR id";
        return cdrs.EnumerateArray().Any(cdr => cdr.ValueKind != JsonValueKind.String || cdr.GetString() is not { Length: > 0 and <= MaxCdrIdLength })
            ? $"every CDR id in cdrs is a string of 1 to {MaxCdrIdLength} characters"
            : null;
    }
}
