using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Roaming.Ingest.ChargePoints;

/// <summary>
/// What the operator registered for a charger (password hash, connector map), kept apart from the <see cref="ChargePoint"/>
/// state snapshot: the snapshot is written by the charger's connection from the state it holds, and that write must
/// never undo a re-registration made while the charger is connected.
/// </summary>
public sealed record ChargePointRegistration(string Id, string PasswordHash, IReadOnlyList<ConnectorMapping> Connectors);

/// <summary>Inline projection of <see cref="ChargePointRegistered"/> only: frames and facts never touch it.</summary>
public sealed class ChargePointRegistrationProjection : SingleStreamProjection<ChargePointRegistration, string>
{
    public ChargePointRegistrationProjection() => IncludeType<ChargePointRegistered>();

    public override ChargePointRegistration? Evolve(ChargePointRegistration? registration, string id, IEvent e) => e.Data switch
    {
        ChargePointRegistered registered => new ChargePointRegistration(id, registered.PasswordHash, registered.Connectors),
        _ => registration,
    };
}

/// <summary>Reads a charger as Ingest decides over it: its state snapshot with its current registration laid over it.</summary>
public static class ChargePointDocuments
{
    /// <returns>null when the charger is not registered.</returns>
    public static async Task<ChargePoint?> Load(IQuerySession session, string chargePointId, CancellationToken cancellationToken)
    {
        var registration = await session.LoadAsync<ChargePointRegistration>(chargePointId, cancellationToken);
        if (registration is null)
            return null;
        var state = await session.LoadAsync<ChargePoint>(chargePointId, cancellationToken);
        return (await ChargePointSnapshots.CaughtUp(session, chargePointId, state, cancellationToken)).RegisteredAs(registration);
    }

    /// <summary>Registered chargers with a connector at this OCPI location (and EVSE, when given).</summary>
    public static async Task<IReadOnlyList<ChargePoint>> AtLocation(IQuerySession session, string locationId, string? evseUid, CancellationToken cancellationToken)
    {
        var registrations = evseUid is null
            ? await session.Query<ChargePointRegistration>().Where(r => r.Connectors.Any(m => m.LocationId == locationId)).ToListAsync(cancellationToken)
            : await session.Query<ChargePointRegistration>().Where(r => r.Connectors.Any(m => m.LocationId == locationId && m.EvseUid == evseUid)).ToListAsync(cancellationToken);
        if (registrations.Count == 0)
            return [];
        var states = (await session.LoadManyAsync<ChargePoint>(cancellationToken, registrations.Select(r => r.Id).ToArray())).ToDictionary(s => s.Id);
        var chargePoints = new List<ChargePoint>(registrations.Count);
        foreach (var registration in registrations)
            chargePoints.Add((await ChargePointSnapshots.CaughtUp(session, registration.Id, states.GetValueOrDefault(registration.Id), cancellationToken))
                .RegisteredAs(registration));
        return chargePoints;
    }
}
