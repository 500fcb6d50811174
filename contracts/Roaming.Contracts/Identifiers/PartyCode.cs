namespace Roaming.Contracts.Identifiers;

/// <summary>
/// The five significant characters shared by Operator-IDs and Provider-IDs (ISO 15118-2 Annex H, eMI3): an ISO 3166
/// alpha-2 country code and three alphanumerics. Accepted as <c>DE*ABC</c>, <c>DEABC</c> (e-clearing.net's form without
/// separator, used as CdrId prefix) or <c>DE-ABC</c>, in any case; canonical form <c>DE*ABC</c>.
/// </summary>
internal static class PartyCode
{
    public static bool TryParse(string? text, out string country, out string party)
    {
        country = party = "";
        if (text is null)
            return false;
        var compact = text.Length == 6 && (text[2] == '*' || text[2] == '-') ? string.Concat(text.AsSpan(0, 2), text.AsSpan(3)) : text;
        if (compact.Length != 5 || !char.IsAsciiLetter(compact[0]) || !char.IsAsciiLetter(compact[1]))
            return false;
        for (var i = 2; i < 5; i++)
        {
            if (!char.IsAsciiLetterOrDigit(compact[i]))
                return false;
        }
        country = compact[..2].ToUpperInvariant();
        party = compact[2..].ToUpperInvariant();
        return true;
    }
}
