using MassTransit;
using NodaTime;
using Roaming.Contracts.Tokens.V1;
using Roaming.Platform.Messaging;

namespace Roaming.Ingest.Authorizing;

/// <summary>
/// Ingest's local copy of a token, so that Authorize and StartTransaction are answered in milliseconds from its own
/// store, never by a synchronous call to the Tokens service. Keyed by uid (what chargers send as idTag / idToken).
/// </summary>
/// <param name="Whitelist">The e-MSP's OCPI whitelist (null in copies made before it was kept): NEVER and ALLOWED_OFFLINE
/// require asking the e-MSP in real time (see <see cref="ChargerAuthorization"/>).</param>
/// <param name="Type">The OCPI token type, which the real-time question names.</param>
public sealed record KnownToken(string Id, string CountryCode, string PartyId, string ContractId, string ChargerAuthorization, Instant LastUpdated,
    string? Whitelist = null, string? Type = null)
{
    /// <summary>The e-MSP forbids answering from the local copy while it can be reached (OCPI whitelist NEVER or ALLOWED_OFFLINE).</summary>
    public bool RequiresRealTime => Whitelist is "NEVER" or "ALLOWED_OFFLINE";
}

public sealed class OnTokenChanged(IIngestStore store, IClock clock) : IConsumer<TokenChanged>
{
    public async Task Consume(ConsumeContext<TokenChanged> context)
    {
        var token = context.Message;
        await using var session = store.LightweightSession();
        if (!await session.TryMarkHandled(nameof(OnTokenChanged), context.MessageId, clock.GetCurrentInstant(), context.CancellationToken))
            return;
        var current = await session.LoadAsync<KnownToken>(token.Uid, context.CancellationToken);
        // Out-of-order delivery: never let an older version overwrite a newer one.
        if (current is null || current.LastUpdated <= token.LastUpdated)
            session.Store(new KnownToken(token.Uid, token.CountryCode, token.PartyId, token.ContractId, token.ChargerAuthorization, token.LastUpdated,
                token.Whitelist, token.Type));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
