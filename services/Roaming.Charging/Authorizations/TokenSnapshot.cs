using MassTransit;
using NodaTime;
using Roaming.Contracts.Tokens.V1;
using Roaming.Platform.Messaging;

namespace Roaming.Charging.Authorizations;

/// <summary>Charging's copy of a token, for the CDR's <c>cdr_token</c> (issuer party, contract id, type).</summary>
public sealed record TokenSnapshot(string Id, TokenChanged Token);

public sealed class OnTokenChanged(IChargingStore store, IClock clock) : IConsumer<TokenChanged>
{
    public async Task Consume(ConsumeContext<TokenChanged> context)
    {
        await using var session = store.LightweightSession();
        if (!await session.TryMarkHandled(nameof(OnTokenChanged), context.MessageId, clock.GetCurrentInstant(), context.CancellationToken))
            return;
        var current = await session.LoadAsync<TokenSnapshot>(context.Message.Uid, context.CancellationToken);
        if (current is null || current.Token.LastUpdated <= context.Message.LastUpdated)
            session.Store(new TokenSnapshot(context.Message.Uid, context.Message));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
