using System.Xml.Linq;

namespace Roaming.Settlement.Documents.Ubl;

/// <summary>The UBL 2.1 namespaces and the Peppol identifiers the writer and the rule checker share.</summary>
public static class UblNames
{
    public static readonly XNamespace Invoice = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    public static readonly XNamespace CreditNote = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
    public static readonly XNamespace Cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    public static readonly XNamespace Cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

    public const string BillingCustomization = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
    public const string BillingProfile = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
    // Peppol's code list for BIS Billing leaves out the self-billing codes (389, 261); they belong to the sister
    // specification BIS Self-Billing 3.0, which is the same EN 16931 model under its own identifiers.
    public const string SelfBillingCustomization = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:selfbilling:3.0";
    public const string SelfBillingProfile = "urn:fdc:peppol.eu:2017:poacc:selfbilling:01:1.0";

    /// <summary>UNTDID 1001 document type codes.</summary>
    public const string CommercialInvoice = "380";
    public const string SelfBilledInvoice = "389";
    public const string CreditNoteCode = "381";
    public const string SelfBilledCreditNote = "261";

    /// <summary>UNCL 5305 VAT categories: standard rate, and zero rated goods (a 0 % rate without an exemption reason).</summary>
    public const string StandardRated = "S";
    public const string ZeroRated = "Z";
}
