using System.Xml.Linq;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Soap;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Cdrs;

/// <summary>An OCHP <c>CDRInfo</c> as the clearing workflow takes it, and a cleared CDR back as OCHP.</summary>
public static class CdrMapping
{
    public const string Protocol = "ochp-1.4";

    private static readonly XNamespace Ochp = OchpNamespaces.Ochp;

    /// <summary>The neutral facts of a schema-valid CDR, with its element as received as the document.</summary>
    public static CdrForClearing ToClearing(CdrInfo cdr, XElement document) => new(
        cdr.CdrId,
        cdr.EvseId,
        cdr.ContractId,
        WireText.Of(cdr.Status.Value),
        cdr.StartDateTime.ToOffsetDateTime(),
        cdr.EndDateTime.ToOffsetDateTime(),
        cdr.Currency,
        cdr.TotalCost,
        cdr.ChargingPeriods.Select(p => new CdrPeriodForClearing(
            p.StartDateTime.ToOffsetDateTime(),
            p.EndDateTime.ToOffsetDateTime(),
            WireText.Of(p.BillingItem.Value),
            p.BillingValue,
            p.ItemPrice,
            p.PeriodCost,
            p.TaxRate)).ToList(),
        SchemaProblem: null,
        Protocol,
        document.Xml());

    /// <summary>
    /// A CDR that broke the XSD: only what can be read as text, so the workflow records it as implausible under
    /// <c>schema-valid</c> and the uploader can look it up by its id.
    /// </summary>
    public static CdrForClearing Unreadable(XElement document, string problem) => new(
        document.Child("CdrId") ?? "",
        document.Child("evseId") ?? "",
        document.Child("contractId") ?? "",
        document.Element(Ochp + "status")?.Child("CdrStatusType") ?? "new",
        Start: null,
        End: null,
        document.Child("currency") ?? "",
        TotalCost: null,
        Periods: [],
        problem,
        Protocol,
        document.Xml());

    /// <summary>The stored document under <paramref name="elementName"/>, its <c>status</c> set to the CDR's current clearing status.</summary>
    public static XElement AsCleared(ClearedCdr cleared, string elementName)
    {
        var cdr = OchpResponses.Named(XElement.Parse(cleared.Cdr.Document), elementName);
        var status = cdr.Element(Ochp + "status");
        var current = new XElement(Ochp + "status", new XElement(Ochp + "CdrStatusType", cleared.Status));
        if (status is null)
            cdr.Element(Ochp + "contractId")?.AddAfterSelf(current);
        else
            status.ReplaceWith(current);
        return cdr;
    }
}
