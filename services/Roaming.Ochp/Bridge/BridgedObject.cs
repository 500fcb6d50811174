using Marten.Events.Projections;
using NodaTime;

namespace Roaming.Ochp.Bridge;

/// <summary>
/// The bridge's last word on one object (id: direction, module, owner party, object id): bridged, partly bridged,
/// refused (with the reasons) or removed by its owner. A refused object stays refused until a later version bridges.
/// </summary>
public sealed record BridgedObject(string Id, string Direction, string ParticipantId, string Module, string Owner, string ObjectId, string State,
    IReadOnlyList<string> Reasons, Instant At)
{
    public const string Bridged = "bridged";
    public const string Partly = "partly";
    public const string Refused = "refused";

    /// <summary>Its owner removed it through the hub; a version last updated before <see cref="At"/> does not bring it back.</summary>
    public const string Removed = "removed";

    public static string IdOf(string direction, string module, string owner, string objectId) => $"{direction}/{module}/{owner}/{objectId}";
}

/// <summary>Folds the bridge's events into <see cref="BridgedObject"/>, inline: the operator API reads what was just decided.</summary>
public sealed class BridgedObjectProjection : MultiStreamProjection<BridgedObject, string>
{
    public BridgedObjectProjection()
    {
        Identity<OcpiObjectBridged>(e => BridgedObject.IdOf(BridgeDirections.OcpiToOchp, e.Module, e.Owner, e.ObjectId));
        Identity<OchpObjectBridged>(e => BridgedObject.IdOf(BridgeDirections.OchpToOcpi, e.Module, OwnerOf(e), e.ObjectId));
        Identity<ObjectNotBridged>(e => BridgedObject.IdOf(e.Direction, e.Module, e.Owner, e.ObjectId));
        Identity<OcpiObjectRemoved>(e => BridgedObject.IdOf(BridgeDirections.OcpiToOchp, e.Module, e.Owner, e.ObjectId));
    }

    public static BridgedObject Create(OcpiObjectBridged e) =>
        new(BridgedObject.IdOf(BridgeDirections.OcpiToOchp, e.Module, e.Owner, e.ObjectId), BridgeDirections.OcpiToOchp, e.ParticipantId, e.Module,
            e.Owner, e.ObjectId, BridgedObject.Bridged, [], e.LastUpdated);

    public static BridgedObject Create(OchpObjectBridged e) =>
        new(BridgedObject.IdOf(BridgeDirections.OchpToOcpi, e.Module, OwnerOf(e), e.ObjectId), BridgeDirections.OchpToOcpi, e.ParticipantId, e.Module,
            OwnerOf(e), e.ObjectId, BridgedObject.Bridged, [], e.LastUpdated);

    public static BridgedObject Create(ObjectNotBridged e) =>
        new(BridgedObject.IdOf(e.Direction, e.Module, e.Owner, e.ObjectId), e.Direction, e.ParticipantId, e.Module, e.Owner, e.ObjectId,
            e.Partly ? BridgedObject.Partly : BridgedObject.Refused, e.Reasons, e.At);

    public static BridgedObject Create(OcpiObjectRemoved e) =>
        new(BridgedObject.IdOf(BridgeDirections.OcpiToOchp, e.Module, e.Owner, e.ObjectId), BridgeDirections.OcpiToOchp, e.ParticipantId, e.Module,
            e.Owner, e.ObjectId, BridgedObject.Removed, [], e.At);

    public static BridgedObject Apply(OcpiObjectBridged e, BridgedObject _) => Create(e);

    public static BridgedObject Apply(OcpiObjectRemoved e, BridgedObject _) => Create(e);

    public static BridgedObject Apply(OchpObjectBridged e, BridgedObject _) => Create(e);

    public static BridgedObject Apply(ObjectNotBridged e, BridgedObject _) => Create(e);

    private static string OwnerOf(OchpObjectBridged e) => $"{e.CountryCode}*{e.PartyId}";
}
