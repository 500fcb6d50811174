using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Ocpi.Objects;

public static class Modules
{
    public const string Locations = "locations";
    public const string Sessions = "sessions";
    public const string Cdrs = "cdrs";
    public const string Tariffs = "tariffs";
    public const string Tokens = "tokens";
    public const string Commands = "commands";
    /// <summary>OCPI 2.3.0's invoice reconciliation records, served as a custom module (InvoiceReconciliation/).</summary>
    public const string InvoiceReconciliation = "invoicereconciliation";

    /// <summary>Objects of these modules concern one other party (<see cref="OcpiObject.SharedWithPartyId"/>): they are
    /// pushed only to that party's platform, never broadcast.</summary>
    public static bool SharedWithOneParty(string module) => module is Sessions or Cdrs or InvoiceReconciliation;
}

public static class Owners
{
    /// <summary>Objects of our own party (we are the CPO of locations/sessions/cdrs/tariffs, the eMSP of tokens).</summary>
    public const string Self = "self";
}

/// <summary>
/// One OCPI object as JSON, ours or a partner's, keyed case-insensitively by module and owning party
/// (ocpi.md 9: key stores by platform, country_code, party_id, object id). <see cref="SharedWithCountryCode"/>/<see cref="SharedWithPartyId"/>
/// name the eMSP party a session or CDR belongs to: only that party's platform sees it.
/// </summary>
public sealed record OcpiObject(
    string Id,
    string Module,
    string CountryCode,
    string PartyId,
    string ObjectId,
    string Owner,
    string Json,
    Instant LastUpdated,
    Instant FirstStoredAt,
    string? SharedWithCountryCode = null,
    string? SharedWithPartyId = null,
    bool Removed = false)
{
    // Computed members the sender lists filter, order and page on in PostgreSQL (OwnObjectPages). Instants are ISO
    // strings in the document whose text order is not time order (fractions vary in length), so lists use these
    // Unix ticks; parties are one upper-case CC*PID text so the caller's visibility is a single "= any(parties)".

    /// <summary>
    /// The sender list this object is served in: its module while it is ours and not removed, else null. One member, so
    /// the list index leads with it and PostgreSQL's statistics of that index say how many objects a list holds (three
    /// separate JSON conditions would be guessed at a fraction of a percent and planned as a scan and sort).
    /// </summary>
    public string? ListedIn => Owner == Owners.Self && !Removed ? Module : null;

    /// <summary><see cref="LastUpdated"/> as Unix ticks, for date_from/date_to in the database.</summary>
    public long LastUpdatedTicks => LastUpdated.ToUnixTimeTicks();

    /// <summary><see cref="FirstStoredAt"/> as Unix ticks: the list order (then <see cref="Id"/>).</summary>
    public long FirstStoredTicks => FirstStoredAt.ToUnixTimeTicks();

    /// <summary>The owning party as <c>CC*PID</c>.</summary>
    public string Party => $"{CountryCode}*{PartyId}".ToUpperInvariant();

    /// <summary>The party a session, CDR or invoice reconciliation record is shared with, as <c>CC*PID</c>.</summary>
    public string? SharedWithParty => SharedWithCountryCode is null || SharedWithPartyId is null ? null : $"{SharedWithCountryCode}*{SharedWithPartyId}".ToUpperInvariant();

    public static string KeyFor(string module, string countryCode, string partyId, string objectId, string? tokenType = null) =>
        $"{module}/{countryCode}/{partyId}/{objectId}{(tokenType is null ? "" : "/" + tokenType)}".ToUpperInvariant();
}

/// <summary>An OCPI object was stored: received from a partner, or published by one of our services.</summary>
public sealed record OcpiObjectStored(OcpiObject Object, string Source);

public sealed class OcpiObjectProjection : SingleStreamProjection<OcpiObject, string>
{
    public static OcpiObject Create(OcpiObjectStored stored) => stored.Object;

    /// <summary>Page order must be stable: keep the first storage time, which lists order by.</summary>
    public static OcpiObject Apply(OcpiObjectStored stored, OcpiObject current) => stored.Object with { FirstStoredAt = current.FirstStoredAt };
}
