using System.Text.Json;
using JasperFx.Events;
using Marten.Events.Aggregation;
using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Charging.Cdrs.Ocpi;
using Roaming.Charging.Tariffs;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Platform.Json;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Charging.Reconciliation;

/// <summary>A partner's CDR matched our recomputation within 0.01 on every stated total.</summary>
public sealed record PartnerCdrVerified(string Key, string CountryCode, string PartyId, string CdrId, string TariffId, Instant CheckedAt);

/// <summary>A partner's CDR differs from our recomputation; the CDR itself is kept as received.</summary>
public sealed record PartnerCdrDiscrepancyFound(string Key, string CountryCode, string PartyId, string CdrId, string TariffId,
    IReadOnlyList<TotalDifference> Differences, Instant CheckedAt);

/// <summary>The partner's CDR could not be re-priced (no tariff, no zone, unreadable), so it needs a human.</summary>
public sealed record PartnerCdrNotReconciled(string Key, string CountryCode, string PartyId, string CdrId, string Reason, Instant CheckedAt);

public sealed record PartnerCdrCheck(string Id, string CountryCode, string PartyId, string CdrId, string Outcome,
    IReadOnlyList<TotalDifference> Differences, string? Reason, Instant CheckedAt);

public sealed class PartnerCdrCheckProjection : SingleStreamProjection<PartnerCdrCheck, string>
{
    public PartnerCdrCheckProjection()
    {
        IncludeType<PartnerCdrVerified>();
        IncludeType<PartnerCdrDiscrepancyFound>();
        IncludeType<PartnerCdrNotReconciled>();
    }

    public override PartnerCdrCheck? Evolve(PartnerCdrCheck? snapshot, string id, IEvent e) => e.Data switch
    {
        PartnerCdrVerified v => new(id, v.CountryCode, v.PartyId, v.CdrId, "verified", [], null, v.CheckedAt),
        PartnerCdrDiscrepancyFound d => new(id, d.CountryCode, d.PartyId, d.CdrId, "discrepancy", d.Differences, null, d.CheckedAt),
        PartnerCdrNotReconciled n => new(id, n.CountryCode, n.PartyId, n.CdrId, "not_reconciled", [], n.Reason, n.CheckedAt),
        _ => snapshot,
    };
}

/// <summary>As eMSP: re-price every CDR a partner CPO sends us, with the partner's tariff, and record the outcome.</summary>
public sealed class OnPartnerCdrReceived(IChargingStore store, IClock clock, ILogger<OnPartnerCdrReceived> logger) : IConsumer<PartnerCdrReceived>
{
    public static object Decide(PartnerCdrReceived received, Instant now)
    {
        var key = $"{received.CountryCode}*{received.PartyId}*{received.CdrId}";
        Cdr? cdr;
        List<Tariff> tariffs;
        try
        {
            cdr = JsonSerializer.Deserialize<Cdr>(received.CdrJson, RoamingJson.Options);
            tariffs = received.TariffJsons.Select(json => JsonSerializer.Deserialize<Tariff>(json, RoamingJson.Options)!).ToList();
        }
        catch (JsonException exception)
        {
            return new PartnerCdrNotReconciled(key, received.CountryCode, received.PartyId, received.CdrId, $"unreadable: {exception.Message}", now);
        }
        if (cdr is null)
            return new PartnerCdrNotReconciled(key, received.CountryCode, received.PartyId, received.CdrId, "empty CDR", now);
        var tariffId = cdr.ChargingPeriods.Select(p => p.TariffId).FirstOrDefault(id => id is not null);
        var tariff = tariffs.FirstOrDefault(t => t.Id == tariffId) ?? cdr.Tariffs?.FirstOrDefault(t => t.Id == tariffId)
            ?? tariffs.FirstOrDefault() ?? cdr.Tariffs?.FirstOrDefault();
        var zone = received.TimeZone is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(received.TimeZone);
        if (tariff is null || zone is null)
            return new PartnerCdrNotReconciled(key, received.CountryCode, received.PartyId, received.CdrId,
                tariff is null ? "no tariff for the CDR" : $"unknown time zone '{received.TimeZone}'", now);
        try
        {
            var differences = CdrReconciliation.Compare(cdr, tariff, zone);
            return differences.Count == 0
                ? new PartnerCdrVerified(key, received.CountryCode, received.PartyId, received.CdrId, tariff.Id, now)
                : new PartnerCdrDiscrepancyFound(key, received.CountryCode, received.PartyId, received.CdrId, tariff.Id, differences, now);
        }
        catch (ArgumentException exception)
        {
            return new PartnerCdrNotReconciled(key, received.CountryCode, received.PartyId, received.CdrId, exception.Message, now);
        }
    }

    public async Task Consume(ConsumeContext<PartnerCdrReceived> context)
    {
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(EventContext.Message("charging", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnPartnerCdrReceived), context.MessageId, now, context.CancellationToken))
            return;
        var outcome = Decide(context.Message, now);
        if (outcome is PartnerCdrDiscrepancyFound discrepancy)
            logger.LogWarning("CDR {Cdr} of {Party} differs from our recomputation: {Differences}", discrepancy.CdrId,
                $"{discrepancy.CountryCode}*{discrepancy.PartyId}", string.Join(", ", discrepancy.Differences.Select(d => $"{d.Total} {d.Theirs} vs {d.Ours}")));
        var key = $"{context.Message.CountryCode}*{context.Message.PartyId}*{context.Message.CdrId}";
        session.Events.Append(key, outcome);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
