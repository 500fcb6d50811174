using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Contracts.Identifiers;
using Roaming.Contracts.Validation;
using Roaming.Ochp.Client.ChargePoints;
using Roaming.Protocols.Bridge;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Platform.Sealing.Shredding;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;

namespace Roaming.Ochp.Client.Cdrs;

/// <summary>
/// Charging issued a CDR of ours: map it to OCHP and queue it for AddCDRs (<see cref="UploadCdrsJob"/>), or record why it
/// cannot be mapped. The contract id is revealed only to map and check it; the queued CDR keeps it encrypted.
/// </summary>
public sealed class OnCdrIssuedForClearingHouse(IOchpStore store, SubjectKeyVault vault, IOptions<OchpClientOptions> options, IClock clock,
    ILogger<OnCdrIssuedForClearingHouse> logger) : IConsumer<CdrIssued>
{
    public async Task Consume(ConsumeContext<CdrIssued> context)
    {
        var message = context.Message;
        if (message.CdrJson is null || !options.Value.IsEnabled || options.Value.Cpo?.OperatorId is not { } operatorText)
            return;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession()
            .Stamp(EventContext.Message("ochp", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnCdrIssuedForClearingHouse), context.MessageId, now, context.CancellationToken))
            return;
        var stream = OutboundCdr.StreamFor(message.CdrId);
        if (await session.LoadAsync<OutboundCdr>(stream, context.CancellationToken) is not null)
            return;
        var errors = new FieldErrors();
        var cdr = OcpiJson.Deserialize<Cdr>(message.CdrJson, errors);
        var protectedContract = cdr?.CdrToken?.ContractId;
        var zone = cdr?.CdrLocation?.Id is { } locationId
            ? (await session.LoadAsync<OwnLocationZone>(OwnLocationZone.IdFor(message.CountryCode, message.PartyId, locationId), context.CancellationToken))?.Zone
            : null;
        var mapped = cdr is null
            ? Bridged<CdrInfo>.Refused(["CdrJson is not an OCPI CDR: " + string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))])
            : Decide(cdr with { CdrToken = cdr.CdrToken! with { ContractId = protectedContract is null ? null : await vault.Reveal(protectedContract, context.CancellationToken) } },
                OperatorId.Parse(operatorText), zone);
        if (mapped.IsMapped)
        {
            var info = mapped.Value!;
            info.ContractId = protectedContract!;
            session.Events.StartStream<OutboundCdr>(stream,
                new OutboundCdrQueued(message.CdrId, info.CdrId, info.EvseId, OchpXml.ToElement(info).ToString(), now));
        }
        else
        {
            logger.LogWarning("CDR {CdrId} cannot be sent to the OCHP clearing house: {Problems}", message.CdrId, string.Join("; ", mapped.Problems));
            session.Events.StartStream<OutboundCdr>(stream, new OutboundCdrUnmappable(message.CdrId, mapped.Problems, now));
        }
        await session.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>The CDR in OCHP, in the location's zone (UTC when we never learnt the location: the offset stays correct, only less local).</summary>
    public static Bridged<CdrInfo> Decide(Cdr cdr, OperatorId ourOperator, string? zoneId) =>
        OcpiCdrToOchpCdr.Map(cdr, ourOperator, zoneId is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } zone ? zone : DateTimeZone.Utc);
}
