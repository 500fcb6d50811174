using System.Xml.Linq;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Soap;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;

namespace Roaming.Ochp.Cdrs;

/// <summary>An OCHP <c>CDRInfo</c> as the clearing workflow takes it, and a cleared CDR back as OCHP (an OCPI CPO's too, bridged).</summary>
public static class CdrMapping
{
    public const string Protocol = CdrClearingFacts.OchpProtocol;

    private static readonly XNamespace Ochp = OchpNamespaces.Ochp;

    /// <summary>The neutral facts of a schema-valid CDR, with its element as received as the document.</summary>
    public static CdrForClearing ToClearing(CdrInfo cdr, XElement document) => CdrClearingFacts.Of(cdr, Protocol, document.Xml());

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

    /// <summary>
    /// A cleared CDR as an OCHP participant reads it under <paramref name="elementName"/>, with its current clearing status:
    /// an OCHP upload as received; an OCPI CPO's CDR (pushed to the hub) in its OCHP form under the clearing house's
    /// CdrId, so ConfirmCDRs names it as the workflow knows it. Refused, with the reasons, when the OCPI CDR has no OCHP form.
    /// </summary>
    public static Bridged<XElement> Readable(ClearedCdr cleared, string elementName)
    {
        if (cleared.Cdr.Protocol == Protocol)
            return Bridged<XElement>.Of(AsCleared(cleared, elementName));
        if (cleared.Cdr.Protocol != CdrClearingFacts.OcpiProtocol)
            return Bridged<XElement>.Refused([$"protocol {cleared.Cdr.Protocol} has no OCHP form"]);
        var errors = new Contracts.Validation.FieldErrors();
        if (OcpiJson.Deserialize<Cdr>(cleared.Cdr.Document, errors) is not { } ocpi)
            return Bridged<XElement>.Refused([$"the OCPI CDR document does not read: {string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}"]);
        var mapped = CdrClearingFacts.OchpFormOf(ocpi);
        if (!mapped.IsMapped)
            return Bridged<XElement>.Refused(mapped.Problems);
        var cdr = mapped.Value!;
        cdr.CdrId = cleared.Cdr.CdrId;
        var element = OchpResponses.Named(OchpXml.ToElement(cdr), elementName);
        element.Element(Ochp + "status")!.ReplaceWith(new XElement(Ochp + "status", new XElement(Ochp + "CdrStatusType", cleared.Status)));
        return Bridged<XElement>.Of(element);
    }
}
