using MassTransit;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Platform.Messaging;

namespace Roaming.Ochp.Participants;

/// <summary>Keeps <see cref="OchpParticipant"/> current; a message older than the copy (redelivered out of order) changes nothing.</summary>
public sealed class OnParticipantChanged(IOchpStore store, IClock clock, OchpLogins logins) : IConsumer<ParticipantChanged>
{
    public async Task Consume(ConsumeContext<ParticipantChanged> context)
    {
        var message = context.Message;
        await using var session = store.LightweightSession();
        if (!await session.TryMarkHandled(nameof(OnParticipantChanged), context.MessageId, clock.GetCurrentInstant(), context.CancellationToken))
            return;
        var known = await session.LoadAsync<OchpParticipant>(message.ParticipantId, context.CancellationToken);
        if (known is null || known.ChangedAt <= message.ChangedAt)
            session.Store(new OchpParticipant(message.ParticipantId, message.Name, message.OperatorIds, message.ProviderIds,
                message.Ochp?.Username, message.Ochp?.PasswordHash, message.ChangedAt));
        await session.SaveChangesAsync(context.CancellationToken);
        logins.Forget();
    }
}
