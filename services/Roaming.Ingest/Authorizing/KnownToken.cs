using MassTransit;
using NodaTime;
using Roaming.Contracts.Tokens.V1;
using Roaming.Platform.Messaging;

namespace Roaming.Ingest.Authorizing;

/// <summary>
/// Ingest's local copy of a token, so that Authorize and StartTransaction are answered in milliseconds from its own
/// store, never by a synchronous call to the Tokens service. Keyed by uid (what chargers send as idTag / idToken).
/// </summary>
public sealed record KnownToken(string Id, string CountryCode, string PartyId, string ContractId, string ChargerAuthorization, Instant LastUpdated);

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
            session.Store(new KnownToken(token.Uid, token.CountryCode, token.PartyId, token.ContractId, token.ChargerAuthorization, token.LastUpdated));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

public static class ChargerAuthorization
{
    /// <summary>OCPP idTagInfo status for an idTag; unknown tokens are Invalid.</summary>
    public static string StatusOf(KnownToken? token) => token?.ChargerAuthorization ?? "Invalid";

    /// <summary>
    /// As <see cref="StatusOf(KnownToken?)"/>, but a token we have no copy of is Accepted when this charger was just
    /// asked to start for it (a remote start on behalf of an e-MSP). A known token keeps its own status.
    /// </summary>
    public static string StatusOf(KnownToken? token, ChargePoints.ChargePoint chargePoint, string idTag, Instant now) =>
        token is null && chargePoint.WasRemotelyStartedFor(idTag, now) ? "Accepted" : StatusOf(token);
}
