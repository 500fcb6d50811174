using System.Security.Cryptography;
using System.Text;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ocpi.Cdrs;

namespace Roaming.Protocols.Bridge;

/// <summary>
/// The one CdrId an OCPI CDR has at the clearing house and in OCHP (<c>[0-9A-Z]{1,36}</c>, unique across the clearing
/// house, starting with the owning operator's compact Operator-ID, which the clearing rule <c>operator-owns-cdr-id</c>
/// checks): the Operator-ID without separator, then the OCPI id upper-cased when it is ASCII alphanumeric and fits, else
/// the first hex digits of the SHA-256 of the id as written. Deterministic, so a CDR pushed or uploaded again is the same
/// CDR in clearing; the same for our own CDRs sent to OCHP (<see cref="OcpiCdrToOchpCdr"/>) and an OCPI CPO's CDRs pushed to
/// the hub. OCPI ids are case-insensitive (CiString), so <c>cdr1</c> and <c>CDR1</c> are one CDR and get one id.
/// </summary>
public static class ClearingCdrId
{
    public const int MaxLength = 36;

    /// <summary>The CdrId of the CDR <paramref name="cdrId"/> of <paramref name="owner"/>.</summary>
    public static string Of(OperatorId owner, string cdrId) => Build(owner.Compact, cdrId);

    /// <summary>
    /// The CdrId of an OCPI CPO's CDR: owned by its EVSE's operator, or, without an EVSE-ID, by the CDR's own party
    /// (<c>country_code*party_id</c>, which the hub has checked is the pushing platform's). A CDR with neither still gets
    /// a deterministic id (the bare hash), which the clearing rules then reject with the reason.
    /// </summary>
    public static string Of(Cdr cdr) => Build(OwnerOf(cdr)?.Compact ?? "", cdr.Id ?? "");

    /// <summary>The operator a pushed OCPI CDR belongs to: its EVSE's, else its party's; null when neither is an Operator-ID.</summary>
    public static OperatorId? OwnerOf(Cdr cdr) =>
        EvseId.TryParse(cdr.CdrLocation?.EvseId, out var evse) ? evse.OperatorId
        : OperatorId.TryParse($"{cdr.CountryCode}*{cdr.PartyId}", out var party) ? party
        : null;

    /// <summary>
    /// Checked before upper-casing, so that no non-ASCII letter becomes an ASCII one (<c>ı</c> → <c>I</c>) and collides;
    /// an empty id is hashed like any other that cannot stand as it is, so it never leaves the bare Operator-ID.
    /// </summary>
    private static string Build(string prefix, string cdrId)
    {
        var room = MaxLength - prefix.Length;
        var suffix = cdrId.Length is > 0 && cdrId.Length <= room && cdrId.All(char.IsAsciiLetterOrDigit)
            ? cdrId.ToUpperInvariant()
            : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(cdrId)))[..room];
        return prefix + suffix;
    }
}
