using MassTransit;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Platform.Messaging;

namespace Roaming.Ochp.Participants;

/// <summary>Keeps <see cref="OchpConnection"/> current: started or ended, whichever happened last wins.</summary>
public sealed class OnRoamingConnectionChanged(IOchpStore store, IClock clock, OchpLogins logins)
    : IConsumer<RoamingConnectionStarted>, IConsumer<RoamingConnectionEnded>
{
    public Task Consume(ConsumeContext<RoamingConnectionStarted> context) =>
        Apply(context, context.Message.OperatorId, context.Message.ProviderId, true, context.Message.At);

    public Task Consume(ConsumeContext<RoamingConnectionEnded> context) =>
        Apply(context, context.Message.OperatorId, context.Message.ProviderId, false, context.Message.At);

    private async Task Apply(ConsumeContext context, string operatorId, string providerId, bool active, Instant at)
    {
        await using var session = store.LightweightSession();
        if (!await session.TryMarkHandled(nameof(OnRoamingConnectionChanged), context.MessageId, clock.GetCurrentInstant(), context.CancellationToken))
            return;
        var id = OchpConnection.IdOf(operatorId, providerId);
        var known = await session.LoadAsync<OchpConnection>(id, context.CancellationToken);
        if (known is null || known.ChangedAt <= at)
            session.Store(new OchpConnection(id, operatorId, providerId, active, at));
        await session.SaveChangesAsync(context.CancellationToken);
        logins.Forget();
    }
}
