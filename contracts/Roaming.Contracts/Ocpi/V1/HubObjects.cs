using NodaTime;

namespace Roaming.Contracts.Ocpi.V1;

// Objects that travel through the OCPI hub between participants: locations (with their EVSEs and their status), tokens
// and tariffs. The hub sends the whole object every time (it merges a PATCH before it publishes), so a follower never
// needs the previous version to understand a message, and a redelivered or reordered message is resolved by LastUpdated.

/// <summary>
/// A participant's OCPI platform pushed an object to the hub for broadcast (TO = the hub) or for a party the hub reaches
/// over OCHP; the hub checked it against OCPI's rules and stored it. The OCHP side serves it to OCHP participants that
/// have an active roaming connection with the owner.
/// </summary>
/// <param name="ParticipantId">The clearing participant that owns the object's party.</param>
/// <param name="CountryCode">The owner party's country code (upper case), as in the object's URL.</param>
/// <param name="PartyId">The owner party's party id (upper case), as in the object's URL.</param>
/// <param name="Module">One of <see cref="HubObjectModules"/>.</param>
/// <param name="ObjectId">The location id, the token uid or the tariff id.</param>
/// <param name="ObjectJson">The whole OCPI 2.2.1 object (a PATCH already merged into the stored one). A token's holder fields
/// (<c>contract_id</c>, <c>visual_number</c>, <c>energy_contract</c>) are encrypted as the OCPI service keeps them (see
/// <see cref="PartnerTokenReceived"/>): a consumer reveals them with the shared subject key vault.</param>
/// <param name="LastUpdated">The object's <c>last_updated</c> as the owner set it (the hub never changes it).</param>
/// <param name="Actor">Who sent it, e.g. <c>ocpi:{partnerId}</c>.</param>
/// <param name="ToParty">The party the push was addressed to (<c>CC*PID</c>), or null for a broadcast.</param>
public sealed record HubObjectReceived(
    string ParticipantId,
    string CountryCode,
    string PartyId,
    string Module,
    string ObjectId,
    string ObjectJson,
    Instant LastUpdated,
    string Actor,
    string? ToParty = null);

/// <summary>
/// A participant's OCPI platform removed an object it had pushed to the hub (today a tariff: <c>DELETE</c> on the hub's
/// tariffs receiver); the hub dropped it and told the OCPI platforms. The OCHP side drops what it bridged of it, so OCHP
/// participants no longer read it. Redelivered or for an object never bridged, it changes nothing.
/// </summary>
/// <param name="ParticipantId">The clearing participant that owns the object's party.</param>
/// <param name="CountryCode">The owner party's country code (upper case), as in the object's URL.</param>
/// <param name="PartyId">The owner party's party id (upper case), as in the object's URL.</param>
/// <param name="Module">One of <see cref="HubObjectModules"/>.</param>
/// <param name="ObjectId">The tariff id (or location id, token uid) that was removed.</param>
/// <param name="Actor">Who removed it, e.g. <c>partner:{partnerId}</c>.</param>
/// <param name="At">When the hub removed it: a version of the object last updated before this is not brought back.</param>
public sealed record HubObjectRemoved(
    string ParticipantId,
    string CountryCode,
    string PartyId,
    string Module,
    string ObjectId,
    string Actor,
    Instant At);

/// <summary>
/// An OCHP participant's object already mapped to OCPI 2.2.1 by the bridge (authorisation list entries as Tokens, charge
/// points and their live status as Locations, tariffs as Tariffs). The hub keeps it and delivers it to every OCPI platform
/// whose participant has an active roaming connection with the owner, exactly as it does with <see cref="HubObjectReceived"/>.
/// </summary>
/// <param name="ParticipantId">The OCHP participant that owns the object.</param>
/// <param name="CountryCode">The owner party's country code (from its Operator- or Provider-ID <c>CC*PID</c>).</param>
/// <param name="PartyId">The owner party's party id.</param>
/// <param name="Module">One of <see cref="HubObjectModules"/>.</param>
/// <param name="ObjectId">The location id, the token uid or the tariff id.</param>
/// <param name="ObjectJson">The whole OCPI 2.2.1 object.</param>
/// <param name="LastUpdated">The object's <c>last_updated</c>; an older version than the one the hub keeps changes nothing.</param>
/// <param name="Actor">Who sent it, e.g. <c>ochp:{username}</c>.</param>
/// <param name="ToParty">The party it is addressed to (<c>CC*PID</c>), or null for everyone connected with the owner.</param>
public sealed record HubObjectBridged(
    string ParticipantId,
    string CountryCode,
    string PartyId,
    string Module,
    string ObjectId,
    string ObjectJson,
    Instant LastUpdated,
    string Actor,
    string? ToParty = null);

/// <summary>The OCPI modules whose objects travel through the hub as <see cref="HubObjectReceived"/> / <see cref="HubObjectBridged"/> (and leave it as <see cref="HubObjectRemoved"/>).</summary>
public static class HubObjectModules
{
    public const string Locations = "locations";
    public const string Tokens = "tokens";
    public const string Tariffs = "tariffs";
}
