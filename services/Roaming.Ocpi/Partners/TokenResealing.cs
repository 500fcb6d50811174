using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Platform.Marten;

namespace Roaming.Ocpi.Partners;

/// <summary>
/// After a key rotation, seals every stored partner token again under the current key (one event per partner), so the
/// retired key is needed only until this has run once and can then be dropped from the configuration. Runs at start in
/// the process that runs the daemon.
/// </summary>
public sealed class TokenResealing(IOcpiStore store, TokenVault vault, IClock clock, ILogger<TokenResealing> logger) : BackgroundService
{
    /// <summary>The event that moves this partner's token to the current key; null when it is already there (or there is none).</summary>
    public static PartnerTokenResealed? Reseal(Partner partner, TokenVault vault, Instant now) =>
        partner.TheirToken is { } sealedToken && sealedToken.KeyId != vault.CurrentKeyId
            ? new PartnerTokenResealed(partner.Id, vault.Seal(vault.Open(sealedToken)), now)
            : null;

    /// <returns>How many partners' tokens were sealed again.</returns>
    public async Task<int> ResealAll(CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(new EventContext("ocpi:token-resealing", now));
        var resealed = 0;
        var ids = await session.Query<Partner>().Select(p => p.Id).ToListAsync(cancellation);
        // Locked: a partner may register, rotate or report hub clients meanwhile; the token is resealed from its stream's
        // current state, and the event folds into it (StreamLocks).
        var locked = await session.FetchAllForExclusiveWriting<Partner>(ids, cancellation);
        foreach (var stream in locked.Values)
        {
            if (stream.Aggregate is not { } partner)
                continue;
            PartnerTokenResealed? @event;
            try
            {
                @event = Reseal(partner, vault, now);
            }
            catch (System.Security.Cryptography.CryptographicException exception)
            {
                // Its key is no longer configured: the token stays as it is, and calls to that partner fail until it registers again.
                logger.LogError(exception, "The token of partner {Partner} cannot be opened", partner.Id);
                continue;
            }
            if (@event is null)
                continue;
            stream.AppendOne(@event);
            resealed++;
        }
        await session.SaveChangesAsync(cancellation);
        return resealed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var resealed = await ResealAll(stoppingToken);
            if (resealed > 0)
                logger.LogInformation("Sealed {Count} partner token(s) again under key {KeyId}", resealed, vault.CurrentKeyId);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // Not fatal: tokens under a retired key still open while it stays configured; the next start tries again.
            logger.LogError(exception, "Sealing partner tokens under key {KeyId} failed", vault.CurrentKeyId);
        }
    }
}
