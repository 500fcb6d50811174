using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;
using Roaming.Contracts.Identifiers;
using Roaming.Ochp.Client.Emsp;
using Roaming.Ochp.Client.Transport;
using Roaming.Protocols.Bridge;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Ochp.Client.Tariffs;

/// <summary>
/// Publishes our CPO's changed tariffs at the clearing house (UpdateTariffs, whole tariffs, as default tariffs for every
/// connected e-MSP), so e-MSPs can re-price our CDRs. A tariff OCHP cannot express is refused by us with the reason; a
/// failed call is tried again with a growing wait. A removed tariff cannot be withdrawn (OCHP has no such message).
/// </summary>
[DisallowConcurrentExecution]
public sealed class PublishTariffsJob(IOchpStore store, ClearingHouseClient clearingHouse, IOptions<OchpClientOptions> client, IClock clock,
    ILogger<PublishTariffsJob> logger) : IJob
{
    public const string SyncId = "cpo-tariff-publish";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await Run(cancellationToken);

    public async Task Run(CancellationToken cancellation)
    {
        var settings = client.Value;
        if (!settings.IsEnabled || settings.Cpo?.OperatorId is not { } operatorText)
            return;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(new EventContext("system:ochp-client", now));
        var sync = await session.LoadAsync<ClientSyncState>(SyncId, cancellation) ?? ClientSyncState.New(SyncId);
        if (!sync.MayRun(now))
            return;
        var queued = await session.Query<OwnTariff>().Where(t => t.State == OwnTariff.Queued).OrderBy(t => t.ChangedAt).Take(100).ToListAsync(cancellation);
        if (queued.Count == 0)
            return;

        var ourOperator = OperatorId.Parse(operatorText);
        var send = new List<(OwnTariff Tariff, TariffInfo Info)>();
        var answers = new List<(string Stream, object Answer)>();
        foreach (var tariff in queued)
        {
            var mapped = Read(tariff.TariffJson) is { } ocpi
                ? OcpiTariffToOchpTariff.Map(ocpi, ourOperator)
                : Bridged<TariffInfo>.Refused(["the tariff does not read as an OCPI Tariff"]);
            if (mapped.IsMapped)
                send.Add((tariff, mapped.Value!));
            else
                answers.Add((tariff.Id, new OwnTariffRefused(tariff.TariffKey, tariff.Revision, string.Join("; ", mapped.Problems), true, now)));
        }
        if (send.Count > 0)
        {
            string? problem = null;
            try
            {
                var answer = await clearingHouse.Call<UpdateTariffsRequest, UpdateTariffsResponse>(
                    new UpdateTariffsRequest { TariffInfoArray = send.Select(s => s.Info).ToList() }, OchpRole.Cpo, cancellation);
                var code = answer.Result.ResultCode.Value;
                var refuseAll = ClearingHouseAnswers.RefusesTheItems(code);
                if (ClearingHouseAnswers.Applied(code) || refuseAll)
                {
                    var refused = answer.RefusedTariffInfo.Select(t => t.TariffId).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    foreach (var (tariff, info) in send)
                        answers.Add((tariff.Id, refuseAll || refused.Contains(info.TariffId)
                            ? new OwnTariffRefused(tariff.TariffKey, tariff.Revision, $"refused by the clearing house ({ClearingHouseAnswers.Describe(answer.Result)})", false, now)
                            : new OwnTariffPublished(tariff.TariffKey, tariff.Revision, info.TariffId, now)));
                }
                else
                {
                    problem = $"UpdateTariffs: {ClearingHouseAnswers.Describe(answer.Result)}";
                }
            }
            catch (ClearingHouseCallException failure)
            {
                problem = failure.Message;
            }
            if (problem is not null)
            {
                var failed = sync.Failed(now, problem, Duration.FromTimeSpan(settings.RetryFirstDelay), Duration.FromTimeSpan(settings.RetryMaxDelay));
                logger.LogWarning("Publishing our tariffs at the OCHP clearing house failed ({Failures} in a row), next attempt at {Next}: {Problem}",
                    failed.Failures, failed.NextAttemptAt, problem);
                session.Store(failed);
                await AppendAnswers(session, answers, cancellation);
                await session.SaveChangesAsync(cancellation);
                return;
            }
        }
        session.Store(sync.Succeeded(now));
        await AppendAnswers(session, answers, cancellation);
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>
    /// Appends each answer to its tariff's stream. Locked: Charging may have queued a new revision while the call was
    /// out, and the answer must fold into it, not into the document as it was read before the call (StreamLocks).
    /// </summary>
    private static async Task AppendAnswers(IDocumentSession session, IReadOnlyList<(string Stream, object Answer)> answers, CancellationToken cancellation)
    {
        if (answers.Count == 0)
            return;
        var locked = await session.FetchAllForExclusiveWriting<OwnTariff>(answers.Select(a => a.Stream), cancellation);
        foreach (var (stream, answer) in answers)
            locked[stream].AppendOne(answer);
    }

    private static Tariff? Read(string? json)
    {
        try
        {
            return json is null ? null : System.Text.Json.JsonSerializer.Deserialize<Tariff>(json, OcpiJson.Options);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary><c>GET /api/ochp/client/tariffs?state=refused</c>: our tariffs at the clearing house (queued, published, refused with the reason, withdrawn).</summary>
public static class GetOwnTariffs
{
    public sealed record View(
        [property: System.Text.Json.Serialization.JsonPropertyName("tariff_id")] string OcpiTariffId,
        [property: System.Text.Json.Serialization.JsonPropertyName("ochp_tariff_id")] string? OchpTariffId,
        [property: System.Text.Json.Serialization.JsonPropertyName("state")] string State,
        [property: System.Text.Json.Serialization.JsonPropertyName("reason")] string? Reason,
        [property: System.Text.Json.Serialization.JsonPropertyName("changed_at")] Instant ChangedAt,
        [property: System.Text.Json.Serialization.JsonPropertyName("answered_at")] Instant? AnsweredAt);

    public static void MapGetOwnTariffs(this IEndpointRouteBuilder api) =>
        api.MapGet("/ochp/client/tariffs", async (IOchpStore store, string? state, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var query = session.Query<OwnTariff>().AsQueryable();
            if (state is not null)
                query = query.Where(t => t.State == state);
            var page = await query.OrderBy(t => t.OcpiTariffId).ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(page.Select(t => new View(t.OcpiTariffId, t.OchpTariffId, t.State, t.Reason, t.ChangedAt, t.AnsweredAt)).ToList());
        }).WithName("GetOchpClientTariffs")
        .WithSummary("Our CPO tariffs at the OCHP clearing house: queued, published, refused (with the reason) or withdrawn.");
}
