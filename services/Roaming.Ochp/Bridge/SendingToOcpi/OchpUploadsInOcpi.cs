using System.Xml.Linq;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ochp.Datasets;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;
using Live = Roaming.Protocols.Bridge.OchpChargePointsToOcpiLocations.LiveStatus;

namespace Roaming.Ochp.Bridge.SendingToOcpi;

/// <summary>
/// An OCHP participant's upload → the OCPI objects the hub delivers to connected OCPI parties (pure, on the bridge's
/// mappings), one <see cref="OchpObjectBridged"/> per object, one <see cref="ObjectNotBridged"/> per object (or part)
/// that OCPI cannot express. Every object is whole, as OCPI pushes them: a location carries all of the participant's
/// EVSEs at that locationId with their live status, so an update of one EVSE or one status sends its whole location.
/// </summary>
public static class OchpUploadsInOcpi
{
    /// <summary>Authorisation list entries stored now, and those a full list (Set) dropped: those become tokens no longer valid.</summary>
    public static IReadOnlyList<object> Tokens(string participantId, string actor, IEnumerable<ReceivedEntry> stored, IEnumerable<ReceivedEntry> dropped, Instant now)
    {
        var events = new List<object>();
        foreach (var (entry, valid) in stored.Select(e => (e, true)).Concat(dropped.Select(e => (e, false))))
        {
            var info = entry.As<RoamingAuthorisationInfo>();
            var mapped = OchpAuthorisationToOcpiToken.Map(info, now);
            if (!mapped.IsMapped)
            {
                events.Add(new ObjectNotBridged(BridgeDirections.OchpToOcpi, participantId, HubObjectModules.Tokens, entry.Owner, info.EmtId.Instance, mapped.Problems, now));
                continue;
            }
            var token = valid ? mapped.Value! : mapped.Value! with { Valid = false };
            events.Add(new OchpObjectBridged(participantId, HubObjectModules.Tokens, token.CountryCode!, token.PartyId!, token.Uid!, OcpiJson.Serialize(token), now, actor));
        }
        return events;
    }

    /// <summary>
    /// The locations of the EVSEs <paramref name="touched"/> (normalised EVSE-IDs: charge points or live status uploaded,
    /// or dropped by a full list), each with all of <paramref name="chargePoints"/> at its locationId (the participant's
    /// current list; <paramref name="dropped"/> ones as Closed, which OCPI shows as REMOVED) and their live
    /// <paramref name="statuses"/>. Timestamps are the clearing house's receipt, so a later upload is always a later version.
    /// </summary>
    public static IReadOnlyList<object> Locations(string participantId, string actor, IEnumerable<ReceivedEntry> chargePoints, IEnumerable<ReceivedEntry> dropped,
        IReadOnlySet<string> touched, IEnumerable<ReceivedEntry> statuses, Instant now)
    {
        var all = chargePoints.Select(e => (Entry: e, ChargePoint: Stamped(e, closed: false)))
            .Concat(dropped.Select(e => (Entry: e, ChargePoint: Stamped(e, closed: true)))).ToList();
        var locations = all.Where(c => touched.Contains(c.Entry.Key)).Select(c => (c.Entry.Owner, c.ChargePoint.LocationId.Trim().ToUpperInvariant())).ToHashSet();
        var events = new List<object>();
        var statusList = statuses.ToList();
        foreach (var evseKey in touched.Where(key => all.All(c => c.Entry.Key != key)))
            events.Add(new ObjectNotBridged(BridgeDirections.OchpToOcpi, participantId, HubObjectModules.Locations,
                statusList.FirstOrDefault(s => s.Key == evseKey)?.Owner ?? "", evseKey,
                ["live status of an EVSE without a charge point: OCPI carries an EVSE's status inside its location"], now));
        var live = statusList.Where(s => (s.ExpiresAt ?? s.ReceivedAt) > now).ToDictionary(s => s.Key, s => new Live(Status(s), s.ReceivedAt));
        var inLocations = all.Where(c => locations.Contains((c.Entry.Owner, c.ChargePoint.LocationId.Trim().ToUpperInvariant()))).Select(c => c.ChargePoint);
        foreach (var mapped in OchpChargePointsToOcpiLocations.Map(inLocations, live, now))
        {
            var owner = mapped.Location is null ? mapped.Operator.ToString() : $"{mapped.Location.CountryCode}*{mapped.Location.PartyId}";
            var objectId = OchpChargePointsToOcpiLocations.LocationId(mapped.LocationId);
            if (mapped.Location is { } location)
                events.Add(new OchpObjectBridged(participantId, HubObjectModules.Locations, location.CountryCode!, location.PartyId!, location.Id!,
                    OcpiJson.Serialize(location), location.LastUpdated ?? now, actor));
            if (mapped.Problems.Count > 0)
                events.Add(new ObjectNotBridged(BridgeDirections.OchpToOcpi, participantId, HubObjectModules.Locations, owner, objectId, mapped.Problems, now,
                    Partly: mapped.Location is not null));
        }
        return events;
    }

    /// <summary>
    /// Tariffs stored now → their default individual tariff as an OCPI Tariff (OCPI has one version of a tariff for every
    /// e-MSP: individual tariffs for named recipients are not bridged, and said so).
    /// </summary>
    public static IReadOnlyList<object> Tariffs(string participantId, string actor, IEnumerable<ReceivedEntry> stored, Instant now)
    {
        var events = new List<object>();
        foreach (var entry in stored)
        {
            var info = entry.As<TariffInfo>();
            var mapped = OchpTariffToOcpiTariff.Map(info, null, now);
            var named = info.IndividualTariff.Where(t => t.Recipient.Count > 0).SelectMany(t => t.Recipient).Distinct().ToList();
            var problems = mapped.Problems.Concat(named.Count > 0 && mapped.IsMapped
                ? [$"the individual tariffs for {string.Join(", ", named)} are not bridged: an OCPI tariff is the same for every e-MSP"]
                : []).ToList();
            if (mapped.Value is { } tariff)
                events.Add(new OchpObjectBridged(participantId, HubObjectModules.Tariffs, tariff.CountryCode, tariff.PartyId, tariff.Id, OcpiJson.Serialize(tariff), now, actor));
            if (problems.Count > 0)
                events.Add(new ObjectNotBridged(BridgeDirections.OchpToOcpi, participantId, HubObjectModules.Tariffs, entry.Owner, info.TariffId, problems, now,
                    Partly: mapped.IsMapped));
        }
        return events;
    }

    /// <summary>The charge point as the clearing house holds it: stamped with its receipt (Closed when a full list dropped it).</summary>
    private static ChargePointInfo Stamped(ReceivedEntry entry, bool closed)
    {
        var chargePoint = entry.As<ChargePointInfo>();
        chargePoint.Timestamp = DateTimeType.From(entry.ReceivedAt);
        if (closed)
            chargePoint.Status = ChargePointStatusType.Of(ChargePointStatus.Closed);
        return chargePoint;
    }

    /// <summary>A stored live status with the expiry the clearing house gave it (its own ttl, the request's or the default).</summary>
    private static EvseStatusType Status(ReceivedEntry entry)
    {
        var status = entry.As<EvseStatusType>();
        status.Ttl = entry.ExpiresAt;
        return status;
    }
}
