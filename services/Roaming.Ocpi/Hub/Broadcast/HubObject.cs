using Marten.Events.Aggregation;
using NodaTime;
using Roaming.Ocpi.Objects;

namespace Roaming.Ocpi.Hub.Broadcast;

/// <summary>
/// An object the hub keeps for its participants (stream <see cref="Id"/>): a location, token or tariff a participant
/// broadcast or the bridge mapped from OCHP, or a cleared CDR. Apart from <see cref="OcpiObject"/> (our own platform's
/// objects and what partners pushed to it), so hub data never shows up in our own lists or reaches our own services.
/// <see cref="Json"/> holds a token's or CDR's holder fields encrypted (<see cref="HolderFields"/>).
/// </summary>
/// <param name="SharedWithParty">For a CDR the e-MSP party (<c>CC*PID</c>) it belongs to: only that party's platform sees it.</param>
public sealed record HubObject(
    string Id,
    string Module,
    string CountryCode,
    string PartyId,
    string ObjectId,
    string ParticipantId,
    string Json,
    Instant LastUpdated,
    Instant FirstStoredAt,
    string? SharedWithParty = null)
{
    /// <summary>The owning party as <c>CC*PID</c>, upper case.</summary>
    public string Party => $"{CountryCode}*{PartyId}".ToUpperInvariant();

    /// <summary>The list order (then <see cref="Id"/>), as Unix ticks for the database.</summary>
    public long FirstStoredTicks => FirstStoredAt.ToUnixTimeTicks();

    /// <summary><see cref="LastUpdated"/> as Unix ticks, for date_from/date_to in the database.</summary>
    public long LastUpdatedTicks => LastUpdated.ToUnixTimeTicks();

    /// <summary>A token is keyed by uid and type (RFID when absent), like <see cref="OcpiObject.KeyFor"/>; under <c>hub/</c>.</summary>
    public static string KeyFor(string module, string countryCode, string partyId, string objectId, string? tokenType = null) =>
        "hub/" + OcpiObject.KeyFor(module, countryCode, partyId, objectId, module == Modules.Tokens ? tokenType ?? "RFID" : null);

    /// <summary>The token type a token's key ends with.</summary>
    public string? TokenType => Module == Modules.Tokens ? Id[(Id.LastIndexOf('/') + 1)..] : null;

    /// <summary>The object as the receiving code (<see cref="Objects.Receiving.ReceivedObjects"/>) merges and checks it.</summary>
    public OcpiObject AsReceived(string partnerId) =>
        new(Id, Module, CountryCode, PartyId, ObjectId, partnerId, Json, LastUpdated, FirstStoredAt);
}

/// <summary>
/// The hub stored a new version of an object. <paramref name="Source"/> is <c>ocpi</c> (a participant's platform pushed it),
/// <c>ochp</c> (the bridge mapped it) or <c>clearing</c> (a CDR the clearing workflow accepted); <paramref name="ToParty"/>
/// the party it was addressed to, null for a broadcast.
/// </summary>
public sealed record HubObjectStored(HubObject Object, string Source, string Actor, string? ToParty)
{
    /// <summary>What the OCHP side learns of an object a participant's OCPI platform pushed to the hub.</summary>
    public Contracts.Ocpi.V1.HubObjectReceived ToMessage() =>
        new(Object.ParticipantId, Object.CountryCode, Object.PartyId, Object.Module, Object.ObjectId, Object.Json, Object.LastUpdated, Actor, ToParty);
}

/// <summary>
/// The hub removed an object (a tariff its CPO deleted, <paramref name="Source"/> as in <see cref="HubObjectStored"/>); its
/// document goes, its stream stays as the record. <paramref name="Party"/> is the owner (<c>CC*PID</c>).
/// </summary>
/// <param name="ParticipantId">The owner's participant; null in removals recorded before it was kept (never published).</param>
public sealed record HubObjectRemoved(string ObjectKey, string Module, string Party, string ObjectId, string Source, string Actor, string? ToParty, Instant At,
    string? ParticipantId = null)
{
    /// <summary>What the OCHP side learns of an object a participant's OCPI platform removed from the hub.</summary>
    public Contracts.Ocpi.V1.HubObjectRemoved ToMessage(string participantId) =>
        new(participantId, Party[..Party.IndexOf('*')], Party[(Party.IndexOf('*') + 1)..], Module, ObjectId, Actor, At);
}

/// <summary>The hub queued an object for a participant's platform: who, to whom, which object, as proof of what it delivered.</summary>
public sealed record HubObjectForwarded(string ObjectKey, string Module, string PartnerId, string ToParty, string DeliveryId, Instant At);

public static class HubObjectSources
{
    public const string Ocpi = "ocpi";
    public const string Ochp = "ochp";
    public const string Clearing = "clearing";
}

public sealed class HubObjectProjection : SingleStreamProjection<HubObject, string>
{
    public static HubObject Create(HubObjectStored stored) => stored.Object;

    /// <summary>Page order must be stable: keep the first storage time, which lists order by.</summary>
    public static HubObject Apply(HubObjectStored stored, HubObject current) => stored.Object with { FirstStoredAt = current.FirstStoredAt };

    /// <summary>A removed object leaves the lists; stored again later, it starts anew.</summary>
    public static bool ShouldDelete(HubObjectRemoved removed) => true;
}
