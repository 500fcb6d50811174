using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;
using Roaming.Settlement.Reimbursement.Employees;

namespace Roaming.Settlement.Reimbursement.Sessions;

/// <summary>
/// Roaming CDRs of employees' company tokens, matched by the token uid: the CDRs we issue as CPO (<see cref="CdrIssued"/>)
/// and those partner CPOs send us as e-MSP (<see cref="PartnerCdrReceived"/>). Recorded for every claimed token; a close
/// reimburses them only when the employer includes roaming CDRs. Credit CDRs are left out (they reverse a CDR the
/// employee did not pay twice).
/// </summary>
public sealed class OnCompanyTokenCdr(ISettlementStore store, IClock clock, ILogger<OnCompanyTokenCdr> logger)
    : IConsumer<CdrIssued>, IConsumer<PartnerCdrReceived>
{
    private const string Consumer = "settlement-company-token-cdr";

    /// <summary>What a CDR is worth to the employee: the total cost incl. VAT when stated (what was paid), else excl. VAT.</summary>
    public static RoamingCdrMatched? Match(string cdrJson, HomeChargingClaim? claim, Instant now)
    {
        if (claim is null)
            return null;
        var cdr = JsonSerializer.Deserialize<Cdr>(cdrJson, OcpiJson.Options);
        if (cdr is not { Id: { } id, StartDateTime: { } start, EndDateTime: { } end, Currency: { } currency, TotalCost: { } cost } || cdr.Credit is true)
            return null;
        var party = $"{cdr.CountryCode}*{cdr.PartyId}";
        return new RoamingCdrMatched(HomeSession.CdrKey(party, id), claim.EmployerId, claim.EmployeeId, id, party, claim.Value, start, end,
            cdr.TotalEnergy ?? 0m, currency, cost.InclVat ?? cost.ExclVat, cdr.SignedData?.GetRawText(), now);
    }

    public static string? TokenUidOf(string cdrJson)
    {
        using var document = JsonDocument.Parse(cdrJson);
        return document.RootElement.TryGetProperty("cdr_token", out var token) && token.TryGetProperty("uid", out var uid) ? uid.GetString() : null;
    }

    public Task Consume(ConsumeContext<CdrIssued> context) => context.Message.CdrJson is { } json ? Record(context, json) : Task.CompletedTask;

    public Task Consume(ConsumeContext<PartnerCdrReceived> context) => Record(context, context.Message.CdrJson);

    private async Task Record(ConsumeContext context, string cdrJson)
    {
        if (TokenUidOf(cdrJson) is not { } uid)
            return;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession()
            .Stamp(EventContext.Message("settlement", context.MessageId, context.CorrelationId?.ToString(), now));
        var claim = await session.LoadAsync<HomeChargingClaim>(HomeChargingClaim.IdOf(HomeChargingClaimKinds.Token, uid), context.CancellationToken);
        if (Match(cdrJson, claim, now) is not { } matched)
            return;
        if (!await session.TryMarkHandled(Consumer, context.MessageId, now, context.CancellationToken)
            || await session.Events.FetchStreamStateAsync(matched.Key, context.CancellationToken) is not null)
            return;
        session.Events.StartStream<HomeSession>(matched.Key, matched);
        await session.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Roaming CDR {Cdr} of company token {Token} recorded for employee {Employee}", matched.CdrId, uid, matched.EmployeeId);
    }
}
