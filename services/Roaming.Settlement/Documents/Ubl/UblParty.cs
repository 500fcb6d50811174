using System.Xml;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Documents.Ubl;

/// <summary>Writes a seller or buyer (<c>cac:Party</c>) in the element order the UBL 2.1 schema demands.</summary>
internal static class UblParty
{
    // Peppol electronic address schemes (EAS) of VAT numbers, for the countries our partners invoice from. A party
    // from elsewhere is written without cbc:EndpointID: its Peppol address has to be agreed with the partner.
    private static readonly Dictionary<string, string> VatEndpointSchemes = new(StringComparer.Ordinal)
    {
        ["AT"] = "9914", ["BE"] = "9925", ["CH"] = "9927", ["DE"] = "9930", ["ES"] = "9920", ["FR"] = "9957",
        ["GB"] = "9932", ["IT"] = "0211", ["LU"] = "9938", ["NL"] = "9944", ["PL"] = "9945",
    };

    /// <param name="partyId">Our id of the party (Operator-ID or Provider-ID, e.g. <c>DE*ABC</c>).</param>
    /// <param name="fallbackCountry">Used when neither the party's country nor its VAT id names one (EN 16931 BR-09/BR-11 need it).</param>
    public static void Write(XmlWriter xml, string partyId, PartyDetails party, string? fallbackCountry)
    {
        var country = CountryOf(party) ?? fallbackCountry;
        xml.WriteStartElement("cac", "Party", UblNames.Cac.NamespaceName);
        if (party.VatId is { Length: > 0 } vatId && country is not null && VatEndpointSchemes.TryGetValue(country, out var scheme))
        {
            xml.WriteStartElement("cbc", "EndpointID", UblNames.Cbc.NamespaceName);
            xml.WriteAttributeString("schemeID", scheme);
            xml.WriteString(StatementUbl.XmlText(vatId));
            xml.WriteEndElement();
        }
        xml.WriteStartElement("cac", "PartyIdentification", UblNames.Cac.NamespaceName);
        Cbc(xml, "ID", partyId);
        xml.WriteEndElement();
        xml.WriteStartElement("cac", "PartyName", UblNames.Cac.NamespaceName);
        Cbc(xml, "Name", party.Name);
        xml.WriteEndElement();
        WriteAddress(xml, party.Address, country);
        if (party.VatId is { Length: > 0 })
        {
            xml.WriteStartElement("cac", "PartyTaxScheme", UblNames.Cac.NamespaceName);
            Cbc(xml, "CompanyID", party.VatId);
            WriteVatScheme(xml);
            xml.WriteEndElement();
        }
        xml.WriteStartElement("cac", "PartyLegalEntity", UblNames.Cac.NamespaceName);
        Cbc(xml, "RegistrationName", party.Name);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    public static void WriteVatScheme(XmlWriter xml)
    {
        xml.WriteStartElement("cac", "TaxScheme", UblNames.Cac.NamespaceName);
        Cbc(xml, "ID", "VAT");
        xml.WriteEndElement();
    }

    /// <summary>The agreement keeps the address as free text: its first line is the street, the rest the remaining lines.</summary>
    private static void WriteAddress(XmlWriter xml, string address, string? country)
    {
        var parts = address.Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        xml.WriteStartElement("cac", "PostalAddress", UblNames.Cac.NamespaceName);
        if (parts.Length > 0)
            Cbc(xml, "StreetName", parts[0]);
        if (parts.Length > 1)
            Cbc(xml, "AdditionalStreetName", string.Join(", ", parts[1..]));
        if (country is not null)
        {
            xml.WriteStartElement("cac", "Country", UblNames.Cac.NamespaceName);
            Cbc(xml, "IdentificationCode", country);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>The party's country, else the prefix of its VAT id (Greece's VAT ids start with EL).</summary>
    private static string? CountryOf(PartyDetails party)
    {
        if (party.CountryCode is { Length: 2 } code)
            return code.ToUpperInvariant();
        if (party.VatId is { Length: > 2 } vatId && char.IsAsciiLetter(vatId[0]) && char.IsAsciiLetter(vatId[1]))
        {
            var prefix = vatId[..2].ToUpperInvariant();
            return prefix == "EL" ? "GR" : prefix;
        }
        return null;
    }

    private static void Cbc(XmlWriter xml, string name, string value) =>
        xml.WriteElementString("cbc", name, UblNames.Cbc.NamespaceName, StatementUbl.XmlText(value));
}
