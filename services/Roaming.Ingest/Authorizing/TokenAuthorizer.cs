using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ingest.ChargePoints;

namespace Roaming.Ingest.Authorizing;

/// <summary><c>Roaming:Ingest:RealTimeAuthorizationTimeout</c> (env <c>Roaming__Ingest__RealTimeAuthorizationTimeout</c>).</summary>
public sealed class RealTimeAuthorizationOptions
{
    /// <summary>
    /// How long a charger's Authorize / StartTransaction waits for the e-MSP's real-time answer before the fall-back
    /// (NEVER: Invalid; ALLOWED_OFFLINE: the local copy). Well below a charger's own call timeout (typically 30 s or more).
    /// </summary>
    public TimeSpan RealTimeAuthorizationTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>An authorization and the fact to record with the frame it answers (the e-MSP's answer, when it was asked).</summary>
/// <param name="TokenKnown">Whether Ingest has a copy of the token (2.0.1 tells a charger Unknown rather than Invalid).</param>
public sealed record AuthorizationOutcome(ChargerAnswer Answer, TokenAuthorizedByEmsp? Fact, bool TokenKnown)
{
    public object[] Facts => Fact is null ? [] : [Fact];
}

/// <summary>
/// Authorizes an idTag for a charger: from Ingest's local copy of the token (<see cref="ChargerAuthorization"/>), and
/// for tokens whose e-MSP forbids local answers (whitelist NEVER, ALLOWED_OFFLINE) by asking the OCPI service, which asks
/// the e-MSP. This is the one deliberate exception to "answer chargers from local read models, never by a synchronous call
/// to another service": OCPI leaves no other way for those tokens. The question goes through a versioned request
/// contract (MassTransit request/response: the mediator in one process, RabbitMQ between processes) and is bounded by
/// <see cref="RealTimeAuthorizationOptions.RealTimeAuthorizationTimeout"/>; no answer counts as unreachable.
/// </summary>
public sealed class TokenAuthorizer(IIngestStore store, IServiceScopeFactory scopes, IOptions<RealTimeAuthorizationOptions> options,
    ILogger<TokenAuthorizer> logger)
{
    /// <param name="realTime">false for answers that must not wait (a stop): the local rules and recent answers only.</param>
    public async Task<AuthorizationOutcome> Authorize(ChargePoint state, string idTag, Instant now, int? reservationId, bool realTime,
        CancellationToken cancellationToken)
    {
        KnownToken? token;
        await using (var session = store.QuerySession())
            token = await session.LoadAsync<KnownToken>(idTag, cancellationToken);
        if (!realTime)
            return new AuthorizationOutcome(ChargerAnswer.Local(ChargerAuthorization.StatusOf(token, state, idTag, now)), null, token is not null);
        var step = ChargerAuthorization.Decide(token, state, idTag, now, reservationId);
        if (step.Answer is { } answer)
            return new AuthorizationOutcome(answer, null, token is not null);
        var emsp = await Ask(step.Question!, cancellationToken);
        var decided = ChargerAuthorization.FromEmsp(step.Token!, emsp);
        logger.LogInformation("{ChargePoint}: e-MSP {CountryCode}*{PartyId} answered {Outcome} for {IdTag} ({Detail}); the charger is told {Status}",
            state.Id, step.Question!.CountryCode, step.Question.PartyId, emsp.Outcome, idTag, emsp.Detail, decided.Status);
        return new AuthorizationOutcome(decided,
            new TokenAuthorizedByEmsp(state.Id, idTag, emsp.Outcome, decided.Status, emsp.AuthorizationReference, emsp.Detail, now), TokenKnown: true);
    }

    private async Task<TokenAuthorizedInRealTime> Ask(AuthorizeTokenInRealTime question, CancellationToken cancellationToken)
    {
        var timeout = options.Value.RealTimeAuthorizationTimeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var client = scope.ServiceProvider.GetRequiredService<IRequestClient<AuthorizeTokenInRealTime>>();
            var response = await client.GetResponse<TokenAuthorizedInRealTime>(question, bounded.Token, RequestTimeout.After(ms: (int)timeout.TotalMilliseconds));
            return response.Message;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A timeout, no OCPI service in reach, a broker error: all mean the e-MSP could not be asked.
            logger.LogWarning("Real-time authorization of {Uid} at {ChargePoint} got no answer: {Error}", question.Uid, question.ChargePointId,
                exception.Message);
            return new TokenAuthorizedInRealTime(RealTimeAuthorizationOutcomes.Unreachable, null,
                exception is RequestTimeoutException or OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0.#} s" : exception.Message);
        }
    }
}
