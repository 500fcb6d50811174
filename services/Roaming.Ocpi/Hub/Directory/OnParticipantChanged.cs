using MassTransit;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Platform.Messaging;

namespace Roaming.Ocpi.Hub.Directory;

/// <summary>Keeps <see cref="HubParticipant"/> current; a message older than the copy (redelivered out of order) changes nothing.</summary>
public sealed class OnParticipantChanged(IOcpiStore store, IClock clock, Routing.HubDirectory directory) : IConsumer<ParticipantChanged>
{
    public async Task Consume(ConsumeContext<ParticipantChanged> context)
    {
        var message = context.Message;
        await using var session = store.LightweightSession();
        if (!await session.TryMarkHandled(nameof(OnParticipantChanged), context.MessageId, clock.GetCurrentInstant(), context.CancellationToken))
            return;
        var known = await session.LoadAsync<HubParticipant>(message.ParticipantId, context.CancellationToken);
        if (known is null || known.ChangedAt <= message.ChangedAt)
            session.Store(new HubParticipant(message.ParticipantId, message.Name, message.OperatorIds, message.ProviderIds, message.Ochp is not null,
                message.ChangedAt));
        await session.SaveChangesAsync(context.CancellationToken);
        directory.Changed();
    }
}

/// <summary>Keeps <see cref="HubConnection"/> current: started or ended, whichever happened last wins.</summary>
public sealed class OnRoamingConnectionChanged(IOcpiStore store, IClock clock, Routing.HubDirectory directory)
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
        var id = HubConnection.IdOf(operatorId, providerId);
        var known = await session.LoadAsync<HubConnection>(id, context.CancellationToken);
        if (known is null || known.ChangedAt <= at)
            session.Store(new HubConnection(id, operatorId.ToUpperInvariant(), providerId.ToUpperInvariant(), active, at));
        await session.SaveChangesAsync(context.CancellationToken);
        directory.Changed();
    }
}
