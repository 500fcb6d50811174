using System.Xml.Linq;
using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Contracts.Network.V1;
using Roaming.Contracts.Validation;
using Roaming.Protocols.Bridge;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Locations;

namespace Roaming.Ochp.Client.ChargePoints;

/// <summary>
/// Network published one of our locations: each EVSE becomes an OCHP charge point, queued for upload when it differs
/// from the version queued before (<see cref="UploadChargePointsJob"/>); an EVSE no longer in the location is queued as
/// Closed. The location's time zone is kept for the CDRs.
/// </summary>
public sealed class OnLocationChangedForClearingHouse(IOchpStore store, IOptions<OchpClientOptions> options, IClock clock,
    ILogger<OnLocationChangedForClearingHouse> logger) : IConsumer<LocationChanged>
{
    public async Task Consume(ConsumeContext<LocationChanged> context)
    {
        var message = context.Message;
        if (!options.Value.IsEnabled || options.Value.Cpo is null)
            return;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession()
            .Stamp(EventContext.Message("ochp", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnLocationChangedForClearingHouse), context.MessageId, now, context.CancellationToken))
            return;
        var locationKey = OwnLocationZone.IdFor(message.CountryCode, message.PartyId, message.LocationId);
        var known = await session.LoadAsync<OwnLocationZone>(locationKey, context.CancellationToken);
        var location = message.LocationJson is null ? null : OcpiJson.Deserialize<Location>(message.LocationJson, new FieldErrors());
        if (location is null)
        {
            session.Store(new OwnLocationZone(locationKey, message.TimeZone, known?.ChargePointStreams ?? []));
            await session.SaveChangesAsync(context.CancellationToken);
            return;
        }
        var mapped = OcpiLocationToChargePoints.Map(location, options.Value.LocationNameLanguage, now);
        foreach (var problem in mapped.Problems)
            logger.LogWarning("Not listed at the OCHP clearing house: {Problem}", problem);
        var streams = mapped.ChargePoints.ToDictionary(StreamOf);
        // Locked: the upload job records what it sent to these streams at any moment (StreamLocks says why).
        var locked = await session.FetchAllForExclusiveWriting<OwnChargePoint>(streams.Keys.Union(known?.ChargePointStreams ?? []), context.CancellationToken);
        foreach (var (stream, chargePoint) in streams)
        {
            var xml = OchpXml.ToElement(chargePoint).ToString();
            if (locked[stream].Aggregate is not { } before || !SameContent(before.ChargePointXml, xml))
                locked[stream].AppendOne(new OwnChargePointQueued(chargePoint.EvseId, locationKey, xml, now));
        }
        foreach (var gone in (known?.ChargePointStreams ?? []).Where(s => !streams.ContainsKey(s)))
        {
            if (locked[gone].Aggregate is not { } before)
                continue;
            var closed = OcpiLocationToChargePoints.Closed(OchpXml.FromElement<ChargePointInfo>(XElement.Parse(before.ChargePointXml)), now);
            var xml = OchpXml.ToElement(closed).ToString();
            if (!SameContent(before.ChargePointXml, xml))
                locked[gone].AppendOne(new OwnChargePointQueued(closed.EvseId, locationKey, xml, now));
        }
        session.Store(new OwnLocationZone(locationKey, location.TimeZone ?? message.TimeZone,
            streams.Keys.Union(known?.ChargePointStreams ?? []).ToList()));
        await session.SaveChangesAsync(context.CancellationToken);
    }

    public static string StreamOf(ChargePointInfo chargePoint) =>
        OwnChargePoint.StreamFor(EvseId.TryParse(chargePoint.EvseId, out var id) ? id.Normalised : chargePoint.EvseId);

    /// <summary>Equal but for the timestamp (which moves with every last_updated, also when nothing OCHP shows changed).</summary>
    public static bool SameContent(string leftXml, string rightXml) => XNode.DeepEquals(WithoutTimestamp(leftXml), WithoutTimestamp(rightXml));

    private static XElement WithoutTimestamp(string xml)
    {
        var element = XElement.Parse(xml);
        element.Elements(XName.Get("timestamp", OchpNamespaces.Ochp)).Remove();
        return element;
    }
}
