using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Platform.Json;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using OcpiCdr = Roaming.Protocols.Ocpi.Cdrs.Cdr;

namespace Roaming.Settlement.Ledger.Following;

/// <summary>A CDR we issued as CPO enters the ledger billable at once (<see cref="LedgerDecisions.OnIssued"/>); a credit CDR is its own entry.</summary>
public sealed class OnCdrIssued(ISettlementStore store, IClock clock, ILogger<OnCdrIssued> logger) : IConsumer<CdrIssued>
{
    public async Task Consume(ConsumeContext<CdrIssued> context)
    {
        var issued = context.Message;
        var operatorId = $"{issued.CountryCode}*{issued.PartyId}".ToUpperInvariant();
        if (Read(issued.CdrJson, issued.CountryCode) is not { Facts: { } facts, ProviderId: { } providerId } read)
        {
            logger.LogWarning("CDR {Cdr} of {Operator} stays out of the ledger: {Problem}", issued.CdrId, operatorId,
                issued.CdrJson is null ? "it carries no OCPI CDR (no e-MSP to bill)" : Read(issued.CdrJson, issued.CountryCode)?.Problem);
            return;
        }
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession()
            .Stamp(EventContext.Message("charging", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnCdrIssued), context.MessageId, now, context.CancellationToken))
            return;
        await LedgerWrites.Decide(session, operatorId, providerId, issued.CdrId,
            (current, around) => LedgerDecisions.OnIssued(current, operatorId, providerId, issued.CdrId, facts, around, now), context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>The OCPI CDR of a message, read for settlement; null when there is none.</summary>
    internal static CdrFacts.Read? Read(string? cdrJson, string operatorCountry)
    {
        if (cdrJson is null)
            return null;
        try
        {
            return JsonSerializer.Deserialize<OcpiCdr>(cdrJson, RoamingJson.Options) is { } cdr
                ? CdrFacts.FromOcpi(cdr, operatorCountry)
                : new CdrFacts.Read(null, null, "empty CDR");
        }
        catch (JsonException exception)
        {
            return new CdrFacts.Read(null, null, $"unreadable CDR: {exception.Message}");
        }
    }
}
