using NodaTime;
using Roaming.Ochp.Datasets;

namespace Roaming.Ochp.Bridge;

/// <summary>
/// An OCPI participant's object that reached the hub (locations, tokens, tariffs; <c>HubObjectReceived</c>), stored in its
/// OCHP form in that participant's dataset stream of <paramref name="Dataset"/>, entries added or replaced by key as an
/// OCHP <c>Update…</c> upload would: OCHP participants connected with it read them through the usual exchanges.
/// </summary>
/// <param name="Owner">The object's OCPI party (<c>NL*OCP</c>); <paramref name="ObjectId"/> its OCPI id (location id, token uid, tariff id).</param>
/// <param name="LastUpdated">The object's <c>last_updated</c>: an older version than the one bridged changes nothing.</param>
public sealed record OcpiObjectBridged(string ParticipantId, string Dataset, string Module, string Owner, string ObjectId,
    IReadOnlyList<ReceivedEntry> Entries, Instant LastUpdated);

/// <summary>
/// An OCPI participant removed an object through the hub (<c>HubObjectRemoved</c>; today a tariff its CPO deleted): the
/// entries the bridge had stored for it leave that participant's dataset stream of <paramref name="Dataset"/>, so OCHP
/// participants no longer read it. <paramref name="Keys"/> are the entries that were there (none: it was never bridged,
/// the removal is still recorded so an older version of the object arriving late does not bring it back).
/// </summary>
/// <param name="At">When the hub removed it.</param>
public sealed record OcpiObjectRemoved(string ParticipantId, string Dataset, string Module, string Owner, string ObjectId, IReadOnlyList<string> Keys,
    Instant At);

/// <summary>
/// An OCHP participant's upload (authorisation list, charge points, live status, tariffs) mapped to one OCPI 2.2.1 object
/// for the hub to deliver to connected OCPI parties; published from the event log as <c>HubObjectBridged</c>.
/// </summary>
public sealed record OchpObjectBridged(string ParticipantId, string Module, string CountryCode, string PartyId, string ObjectId, string ObjectJson,
    Instant LastUpdated, string Actor);

/// <summary>
/// An object the bridge cannot express in the other protocol, with every reason (the mapping's). Kept for the operator
/// (<c>GET /api/ochp/bridge/objects?state=refused</c>) until the same object bridges; the rest of its upload or message
/// went on.
/// </summary>
/// <param name="Partly">The object was bridged without the parts the reasons name (EVSEs of a location, say).</param>
public sealed record ObjectNotBridged(string Direction, string ParticipantId, string Module, string Owner, string ObjectId, IReadOnlyList<string> Reasons,
    Instant At, bool Partly = false);

public static class BridgeDirections
{
    /// <summary>From an OCPI participant (through the hub) to OCHP participants.</summary>
    public const string OcpiToOchp = "ocpi-to-ochp";

    /// <summary>From an OCHP participant to OCPI participants (through the hub).</summary>
    public const string OchpToOcpi = "ochp-to-ocpi";

    /// <summary>
    /// The stream of what an OCHP participant's uploads of one dataset became in OCPI: written under that dataset's lock,
    /// so concurrent uploads of other datasets never race for it, and the hub gets them in upload order.
    /// </summary>
    public static string UploadsStreamOf(string dataset, string participantId) => $"bridge/{OchpToOcpi}/{dataset}/{participantId}";

    /// <summary>The stream of the refusals of one OCPI object (messages of different objects may be handled at the same time).</summary>
    public static string RefusalsStreamOf(string module, string owner, string objectId) => $"bridge/{OcpiToOchp}/{module}/{owner}/{objectId}";
}
