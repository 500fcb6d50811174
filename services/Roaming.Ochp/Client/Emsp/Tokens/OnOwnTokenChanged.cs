using MassTransit;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Tokens.V1;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Ochp.Client.Emsp.Tokens;

/// <summary>
/// Tokens changed one of our own tokens (our party, <c>ROAMING_PARTY</c>; partner tokens pass through Tokens too, but we
/// are not their e-MSP): queue it for our authorisation list. Queued whether or not the client is configured yet, so a
/// login added later starts from the whole list.
/// </summary>
public sealed class OnOwnTokenChanged(IOchpStore store, IClock clock, IOptions<RoamingOptions> roaming) : IConsumer<TokenChanged>
{
    public static bool IsOurs(TokenChanged token, string ourParty) =>
        string.Equals($"{token.CountryCode}*{token.PartyId}", ourParty, StringComparison.OrdinalIgnoreCase);

    public async Task Consume(ConsumeContext<TokenChanged> context)
    {
        var token = context.Message;
        if (!IsOurs(token, roaming.Value.Party))
            return;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession()
            .Stamp(EventContext.Message("ochp", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnOwnTokenChanged), context.MessageId, now, context.CancellationToken))
            return;
        var key = $"{token.CountryCode}*{token.PartyId}*{token.Uid}";
        // Locked: the upload job records its answers to this stream at any moment (StreamLocks).
        var stream = await session.Events.FetchForExclusiveWriting<OwnTokenUpload>(OwnTokenStreams.Of(key), context.CancellationToken);
        stream.AppendOne(new OwnTokenQueued(key, token.Uid, token.Type, token.ContractId, token.Valid, token.ChargerAuthorization, token.LastUpdated));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
