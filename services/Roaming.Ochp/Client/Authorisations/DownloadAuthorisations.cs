using System.Text.Json;
using Marten;
using Microsoft.Extensions.Logging;
using NodaTime;
using Quartz;
using Roaming.Ochp.Client.Transport;
using Roaming.Protocols.Bridge;
using Roaming.Platform.Marten;
using Roaming.Platform.Sealing.Shredding;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tokens;

namespace Roaming.Ochp.Client.Authorisations;

/// <summary>
/// The Quartz job (<c>AuthorisationListInterval</c>): downloads the roaming authorisation list of the e-MSPs connected
/// to us, the whole list once (GetRoamingAuthorisationList), then what changed (GetRoamingAuthorisationListUpdates), and
/// records each entry as the OCPI Token Tokens keeps (published as PartnerTokenReceived). Tokens received valid whose
/// expiry date has passed are re-published invalid. A failed download records nothing and is repeated at the next run.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DownloadAuthorisationsJob(IOchpStore store, ClearingHouseClient client, SubjectKeyVault vault, IClock clock,
    ILogger<DownloadAuthorisationsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await Download(cancellationToken);
        await ExpireTokens(cancellationToken);
    }

    private async Task Download(CancellationToken cancellationToken)
    {
        AuthorisationDownloads? downloads;
        await using (var query = store.QuerySession())
            downloads = await query.LoadAsync<AuthorisationDownloads>(AuthorisationDownloads.Stream, cancellationToken);
        var startedAt = clock.GetCurrentInstant();
        var since = downloads?.NextSince - AuthorisationDownloadsProjection.ClockSkewMargin;
        Result result;
        IReadOnlyList<RoamingAuthorisationInfo> entries;
        try
        {
            if (downloads is not { FullListDone: true } || since is null)
            {
                var answer = await client.Call<GetRoamingAuthorisationListRequest, GetRoamingAuthorisationListResponse>(new(), OchpRole.Cpo, cancellationToken);
                (result, entries, since) = (answer.Result, answer.RoamingAuthorisationInfoArray, null);
            }
            else
            {
                var answer = await client.Call<GetRoamingAuthorisationListUpdatesRequest, GetRoamingAuthorisationListUpdatesResponse>(
                    new GetRoamingAuthorisationListUpdatesRequest { LastUpdate = DateTimeType.From(since.Value) }, OchpRole.Cpo, cancellationToken);
                (result, entries) = (answer.Result, answer.RoamingAuthorisationInfo);
            }
        }
        catch (ClearingHouseCallException failed)
        {
            logger.LogWarning("Roaming authorisation download failed, repeated at the next run: {Failure}", failed.Message);
            return;
        }
        // "roaming": no connected e-MSP has tokens yet, which is an empty list, not a failure.
        if (result.ResultCode.Value is not (ResultCode.Ok or ResultCode.Partly or ResultCode.Roaming))
        {
            logger.LogWarning("Roaming authorisation download not answered ({Code} {Description}), repeated at the next run", result.ResultCode.Value,
                result.ResultDescription);
            return;
        }
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(new EventContext("system:ochp-client", now));
        var refused = new List<string>();
        var received = 0;
        foreach (var entry in entries)
        {
            var mapped = OchpAuthorisationToOcpiToken.Map(entry, now);
            if (!mapped.IsMapped)
            {
                logger.LogWarning("Roaming authorisation {Instance} not kept: {Problems}", entry.EmtId.Instance, string.Join("; ", mapped.Problems));
                refused.Add(entry.EmtId.Instance);
                continue;
            }
            var token = mapped.Value!;
            var json = OcpiJson.Serialize(await Protect(token, cancellationToken));
            session.Events.Append(ReceivedAuthorisation.StreamFor(token.CountryCode!, token.PartyId!, token.Uid!),
                new RoamingAuthorisationReceived(token.CountryCode!, token.PartyId!, token.Uid!, token.Type!.Text, json, entry.ExpiryDate.ToInstant(),
                    token.Valid == true, now));
            received++;
        }
        session.Events.Append(AuthorisationDownloads.Stream, new RoamingAuthorisationsDownloaded(since is null, since, startedAt, received, refused,
            ClearingHouseResults.Text(result.ResultCode.Value), now));
        await session.SaveChangesAsync(cancellationToken);
    }

    private async Task ExpireTokens(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var nowMs = now.ToUnixTimeMilliseconds();
        IReadOnlyList<ReceivedAuthorisation> expired;
        await using (var query = store.QuerySession())
            expired = await query.Query<ReceivedAuthorisation>().Where(t => t.PublishedValid && t.ExpiryDateMs <= nowMs).Take(1000).ToListAsync(cancellationToken);
        if (expired.Count == 0)
            return;
        await using var session = store.LightweightSession().Stamp(new EventContext("system:ochp-client", now));
        foreach (var token in expired)
        {
            var invalid = OcpiJson.Deserialize<Token>(token.TokenJson, new Contracts.Validation.FieldErrors())! with { Valid = false, LastUpdated = now };
            session.Events.Append(token.Id, new RoamingAuthorisationExpired(token.CountryCode, token.PartyId, token.Uid, token.Type,
                OcpiJson.Serialize(invalid), now));
        }
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The holder's fields encrypted under their contract's key, as Tokens and OCPI keep them (PartnerTokenReceived's rule).</summary>
    private async Task<Token> Protect(Token token, CancellationToken cancellationToken)
    {
        var sealedValues = await vault.Protect(HolderSubject.OfContract(token.CountryCode!, token.PartyId!, token.ContractId!),
            [token.ContractId, token.VisualNumber], cancellationToken);
        return token with { ContractId = sealedValues[0], VisualNumber = sealedValues[1] };
    }
}
