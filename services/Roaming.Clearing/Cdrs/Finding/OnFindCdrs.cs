using Marten;
using MassTransit;
using Roaming.Clearing.Connections;
using Roaming.Clearing.Participants;
using Roaming.Contracts.Clearing.V1;

namespace Roaming.Clearing.Cdrs.Finding;

/// <summary>
/// Answers <see cref="FindCdrs"/>: as <c>provider</c>, the CDRs of the participant's Provider-IDs from connected operators
/// (never implausible ones); as <c>operator</c>, those it uploaded. Only the given statuses (all when none is given), in
/// upload order.
/// </summary>
public sealed class OnFindCdrs(IClearingStore store) : IConsumer<FindCdrs>
{
    public async Task Consume(ConsumeContext<FindCdrs> context)
    {
        var find = context.Message;
        await using var session = store.QuerySession();
        var participant = await session.LoadAsync<Participant>(find.ParticipantId, context.CancellationToken);
        var found = participant is null ? [] : await Find(session, participant, find.Role, find.Statuses, context.CancellationToken);
        await context.RespondAsync(new CdrsFound(found.Select(c => new ClearedCdr(c.Cdr, c.Status, c.ChangedAt)).ToList()));
    }

    public static async Task<IReadOnlyList<ClearingCdr>> Find(IQuerySession session, Participant participant, string role, IReadOnlyList<string> statuses,
        CancellationToken cancellation)
    {
        var wanted = (statuses.Count == 0 ? CdrStatuses.All : statuses).ToArray();
        IQueryable<ClearingCdr> query;
        HashSet<(string, string)>? connected = null;
        if (role == CdrRoles.Operator)
            query = session.Query<ClearingCdr>().Where(c => c.UploaderParticipantId == participant.Id);
        else if (role == CdrRoles.Provider && participant.ProviderIds.Count > 0)
        {
            var providers = participant.ProviderIds.ToArray();
            wanted = wanted.Where(s => s != CdrStatuses.Implausible).ToArray();
            query = session.Query<ClearingCdr>().Where(c => c.ProviderId.IsOneOf(providers));
            connected = (await session.Query<RoamingConnection>().Where(c => c.Active && c.ProviderId.IsOneOf(providers)).ToListAsync(cancellation))
                .Select(c => (c.OperatorId, c.ProviderId)).ToHashSet();
        }
        else
            return [];
        var cdrs = await query.Where(c => c.Status.IsOneOf(wanted)).OrderBy(c => c.UploadedAt).ThenBy(c => c.PositionInBatch).ThenBy(c => c.Id)
            .ToListAsync(cancellation);
        return connected is null ? cdrs : cdrs.Where(c => connected.Contains((c.OperatorId!, c.ProviderId!))).ToList();
    }
}
