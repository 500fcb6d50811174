using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Clearing.Participants;
using Roaming.Contracts.Identifiers;
using Roaming.Contracts.Validation;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;

namespace Roaming.Clearing.Connections.Putting;

/// <summary>
/// <c>PUT /api/clearing/connections/{operator_id}/{provider_id}</c>: starts a roaming connection (or changes its limits).
/// Both ids must be claimed by participants (else 404).
/// </summary>
public static class PutConnection
{
    public static FieldErrors Validate(string operatorText, string providerText, ConnectionBody body, out OperatorId operatorId, out ProviderId providerId,
        out ConnectionLimits limits)
    {
        var errors = new FieldErrors();
        if (!OperatorId.TryParse(operatorText, out operatorId))
            errors.Add("operator_id", "must be an Operator-ID, e.g. DE*ABC");
        if (!ProviderId.TryParse(providerText, out providerId))
            errors.Add("provider_id", "must be a Provider-ID, e.g. DE*8PS");
        var wire = body.Limits;
        if (wire?.MaxEnergyKwh is <= 0)
            errors.Add("limits.max_energy_kwh", "must be positive");
        if (wire?.MaxDurationMinutes is <= 0)
            errors.Add("limits.max_duration_minutes", "must be positive");
        if (wire?.MaxCost is < 0)
            errors.Add("limits.max_cost", "must not be negative");
        limits = wire is null ? ConnectionLimits.None : new ConnectionLimits(wire.MaxEnergyKwh, wire.MaxDurationMinutes, wire.MaxCost);
        return errors;
    }

    /// <summary>Started when not running, limits changed when they differ, nothing when the same.</summary>
    public static object? Decide(RoamingConnection? current, string key, OperatorId operatorId, ProviderId providerId, string operatorParticipant,
        string providerParticipant, ConnectionLimits limits, Instant now) => current switch
    {
        { Active: true } when current.Limits == limits => null,
        { Active: true } => new ConnectionLimitsChanged(key, limits, now),
        _ => new ConnectionStarted(key, operatorId.ToString(), providerId.ToString(), operatorParticipant, providerParticipant, limits, now),
    };

    public static void MapPutConnection(this IEndpointRouteBuilder api) => api.MapPut("/clearing/connections/{operatorId}/{providerId}", Handle)
        .WithName("PutConnection").WithSummary("Starts a roaming connection between an Operator-ID and a Provider-ID, optionally with CDR limits.");

    private static async Task<Results<Ok<ConnectionView>, ValidationProblem, ProblemHttpResult>> Handle(string operatorId, string providerId, HttpRequest http,
        IClearingStore store, IClock clock, CancellationToken cancellation)
    {
        var (body, readErrors) = http.ContentLength is 0 ? (new ConnectionBody(null), new FieldErrors()) : await JsonBody.Read<ConnectionBody>(http, cancellation);
        if (body is null)
            return readErrors.ToProblem();
        var errors = Validate(operatorId, providerId, body, out var @operator, out var provider, out var limits);
        if (!errors.IsValid)
            return errors.ToProblem();

        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(EventContext.Operator(now));
        var (operatorClaim, providerClaim) = await ClaimsOf(session, @operator, provider, cancellation);
        if (operatorClaim is null || providerClaim is null)
            return NotClaimed(operatorClaim is null ? $"Operator-ID {@operator}" : $"Provider-ID {provider}");
        var key = RoamingConnection.KeyOf(@operator.ToString(), provider.ToString());
        var current = await session.LoadAsync<RoamingConnection>(key, cancellation);
        var decided = Decide(current, key, @operator, provider, operatorClaim.ParticipantId, providerClaim.ParticipantId, limits, now);
        if (decided is null)
            return TypedResults.Ok(ConnectionView.Of(current!));
        if (current is null)
            session.Events.StartStream<RoamingConnection>(key, decided);
        else
            session.Events.Append(key, decided);
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (ExistingStreamIdCollisionException)
        {
            return TypedResults.Problem($"the connection {key} was started at the same time; try again", statusCode: StatusCodes.Status409Conflict);
        }
        await using var query = store.QuerySession();
        return TypedResults.Ok(ConnectionView.Of((await query.LoadAsync<RoamingConnection>(key, cancellation))!));
    }

    internal static async Task<(IdClaim? Operator, IdClaim? Provider)> ClaimsOf(IQuerySession session, OperatorId @operator, ProviderId provider,
        CancellationToken cancellation)
    {
        var claims = (await session.LoadManyAsync<IdClaim>(cancellation, IdClaim.KeyOf(ClaimKinds.Operator, @operator.ToString()),
            IdClaim.KeyOf(ClaimKinds.Provider, provider.ToString()))).ToList();
        return (claims.FirstOrDefault(c => c.Kind == ClaimKinds.Operator), claims.FirstOrDefault(c => c.Kind == ClaimKinds.Provider));
    }

    internal static ProblemHttpResult NotClaimed(string what) =>
        TypedResults.Problem($"{what} is not claimed by any participant", statusCode: StatusCodes.Status404NotFound, title: "Unknown identifier");
}
