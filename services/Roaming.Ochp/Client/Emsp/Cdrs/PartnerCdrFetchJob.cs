using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;
using Roaming.Contracts.Identifiers;
using Roaming.Ochp.Client.Emsp.Tariffs;
using Roaming.Ochp.Client.Transport;
using Roaming.Protocols.Bridge;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Sealing.Shredding;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Client.Emsp.Cdrs;

/// <summary>
/// Our e-MSP role's fetch: the tariffs CPOs published for us (GetTariffUpdates), then the CDRs of our contracts
/// (GetCDRs: accepted and revised ones). Every new CDR is recorded, then sent to Charging for re-pricing with its
/// tariff, or declined at once when it cannot be re-priced. A failed call is tried again with a growing wait.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PartnerCdrFetchJob(
    IOchpStore store, ClearingHouseClient clearingHouse, SubjectKeyVault vault, IOptions<OchpClientOptions> client,
    IOptions<OchpEmspClientOptions> emsp, IOptions<RoamingOptions> roaming, IClock clock, ILogger<PartnerCdrFetchJob> logger) : IJob
{
    public const string SyncId = "emsp-cdr-fetch";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await Run(cancellationToken);

    public async Task Run(CancellationToken cancellation)
    {
        var settings = client.Value;
        if (!settings.IsEnabled || settings.Emsp?.ProviderId is not { } providerText)
            return;
        var us = ProviderId.Parse(providerText);
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(new EventContext("system:ochp-client", now));
        var sync = await session.LoadAsync<ClientSyncState>(SyncId, cancellation) ?? ClientSyncState.New(SyncId);
        if (!sync.MayRun(now))
            return;
        try
        {
            var newTariffs = await FetchTariffs(session, sync, now, cancellation);
            var fetched = await clearingHouse.Call<GetCdrsRequest, GetCdrsResponse>(new GetCdrsRequest(), OchpRole.Emsp, cancellation);
            // roaming: no connection (yet), so no CDRs either; not a failure to back off from.
            if (!ClearingHouseAnswers.Applied(fetched.Result.ResultCode.Value) && fetched.Result.ResultCode.Value != ResultCode.Roaming)
                throw new ClearingHouseCallException("GetCDRs", ClearingHouseFailure.BadResponse, ClearingHouseAnswers.Describe(fetched.Result), null);
            await Receive(session, fetched.CdrInfoArray, newTariffs, us, now, cancellation);
        }
        catch (ClearingHouseCallException failure)
        {
            var failed = sync.Failed(now, failure.Message, Duration.FromTimeSpan(settings.RetryFirstDelay), Duration.FromTimeSpan(settings.RetryMaxDelay));
            logger.LogWarning("Fetching CDRs from the OCHP clearing house failed ({Failures} in a row), next attempt at {Next}: {Problem}",
                failed.Failures, failed.NextAttemptAt, failure.Message);
            session.Store(failed);
            await session.SaveChangesAsync(cancellation);
            return;
        }
        session.Store(sync.Succeeded(now));
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>Records new and changed tariffs; returns them (a query would not see them before the commit).</summary>
    private async Task<IReadOnlyList<ReceivedTariff>> FetchTariffs(IDocumentSession session, ClientSyncState sync, Instant now, CancellationToken cancellation)
    {
        // Since the last successful fetch, minus an overlap for the clearing house's clock; the first fetch gets all valid ones.
        var since = sync.LastSuccessAt is { } last ? last - Duration.FromTimeSpan(emsp.Value.TariffFetchOverlap) : (Instant?)null;
        var answer = await clearingHouse.Call<GetTariffUpdatesRequest, GetTariffUpdatesResponse>(
            new GetTariffUpdatesRequest { LastUpdate = since is { } from ? DateTimeType.From(from) : null }, OchpRole.Emsp, cancellation);
        if (!ClearingHouseAnswers.Applied(answer.Result.ResultCode.Value))
        {
            if (answer.Result.ResultCode.Value == ResultCode.Roaming)
                return [];
            throw new ClearingHouseCallException("GetTariffUpdates", ClearingHouseFailure.BadResponse, ClearingHouseAnswers.Describe(answer.Result), null);
        }
        if (answer.TariffInfoArray.Count == 0)
            return [];
        var known = (await session.LoadManyAsync<ReceivedTariff>(cancellation, answer.TariffInfoArray.Select(t => ReceivedTariffStreams.Of(t.TariffId))))
            .ToDictionary(t => t.TariffId, StringComparer.Ordinal);
        var received = new List<ReceivedTariff>();
        foreach (var tariff in answer.TariffInfoArray)
        {
            var xml = OchpXml.ToElement(tariff).ToString(System.Xml.Linq.SaveOptions.DisableFormatting);
            if (known.TryGetValue(tariff.TariffId, out var existing) && existing.Xml == xml)
                continue;
            var publisher = OchpTariffToOcpiTariff.OperatorOf(tariff.TariffId)?.ToString() ?? "";
            session.Events.Append(ReceivedTariffStreams.Of(tariff.TariffId), new PartnerTariffReceived(tariff.TariffId, publisher, xml, now));
            received.Add(new ReceivedTariff(ReceivedTariffStreams.Of(tariff.TariffId), tariff.TariffId, publisher, xml, now));
        }
        return received;
    }

    private async Task Receive(IDocumentSession session, IReadOnlyList<CdrInfo> cdrs, IReadOnlyList<ReceivedTariff> newTariffs, ProviderId us, Instant now,
        CancellationToken cancellation)
    {
        if (cdrs.Count == 0)
            return;
        var keyed = cdrs.Select(cdr => (Cdr: cdr, Key: ReceivedCdrStreams.Of(cdr.CdrId, EvseId.TryParse(cdr.EvseId, out var evse) ? evse.Normalised : cdr.EvseId)))
            .DistinctBy(c => c.Key).ToList();
        var known = (await session.LoadManyAsync<ReceivedCdr>(cancellation, keyed.Select(c => c.Key))).ToDictionary(c => c.Id, StringComparer.Ordinal);
        // The CDRs of this fetch are priced with the tariffs just received, over what we had.
        var tariffs = (await session.Query<ReceivedTariff>().ToListAsync(cancellation))
            .Where(t => newTariffs.All(n => n.Id != t.Id)).Concat(newTariffs).ToList();
        var party = roaming.Value.Party.Split('*');
        foreach (var (cdr, key) in keyed)
        {
            if (PartnerCdrReceptions.NewRound(known.GetValueOrDefault(key), cdr.Status.Value) is not { } round)
                continue;
            // Our holder's contract, kept encrypted under the key Tokens uses for it, so forgetting the holder reaches this copy too.
            var contractId = await vault.Protect(HolderSubject.OfContract(party[0], party[1], cdr.ContractId), cdr.ContractId, cancellation);
            var cdrOperator = EvseId.TryParse(cdr.EvseId, out var evse) ? evse.OperatorId : (OperatorId?)null;
            session.Events.Append(key, new PartnerCdrFetched(key, cdr.CdrId, cdr.EvseId, cdrOperator?.Country ?? "", cdrOperator?.Party ?? "",
                PartnerCdrReceptions.StatusText(cdr.Status.Value), contractId, cdr.Currency, cdr.TotalCost, PartnerCdrReceptions.KeptXml(cdr, contractId),
                round, now));
            var next = PartnerCdrReceptions.Reconcile(key, cdr, contractId, PartnerCdrReceptions.TariffFor(cdr, cdrOperator, tariffs), us, now);
            if (next is PartnerCdrDecided declined)
                logger.LogWarning("CDR {Cdr} of {Evse} is declined without re-pricing: {Reason}", cdr.CdrId, cdr.EvseId, declined.Reason);
            session.Events.Append(key, next);
        }
    }
}
