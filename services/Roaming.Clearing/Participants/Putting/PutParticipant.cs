using System.Text.RegularExpressions;
using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Contracts.Validation;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;
using Roaming.Platform.Security;
using Roaming.Platform.Validation;

namespace Roaming.Clearing.Participants.Putting;

/// <summary>
/// <c>PUT /api/clearing/participants/{id}</c>: registers or changes a participant. Each Operator-ID, Provider-ID and OCHP
/// user name belongs to one participant: a claim of another's is a 409 naming the owner.
/// </summary>
public static partial class PutParticipant
{
    /// <summary>A participant as asked for, ids in canonical form, the password still in clear.</summary>
    public sealed record Request(string Id, string Name, IReadOnlyList<string> OperatorIds, IReadOnlyList<string> ProviderIds, string? OchpUsername, string? OchpPassword)
    {
        public IEnumerable<IdClaim> Claims()
        {
            foreach (var id in OperatorIds)
                yield return IdClaim.For(ClaimKinds.Operator, id, Id);
            foreach (var id in ProviderIds)
                yield return IdClaim.For(ClaimKinds.Provider, id, Id);
            if (OchpUsername is not null)
                yield return IdClaim.For(ClaimKinds.OchpUsername, OchpUsername, Id);
        }
    }

    public static bool IsParticipantId(string id) => ParticipantIdPattern().IsMatch(id);

    public static FieldErrors Validate(string id, ParticipantBody body, out Request request)
    {
        var errors = new FieldErrors();
        if (!IsParticipantId(id))
            errors.Add("id", "must match [a-z0-9][a-z0-9-]{0,63}");
        errors.RequiredString("name", body.Name, 200);
        var operators = Canonical("operator_ids", body.OperatorIds, text => OperatorId.TryParse(text, out var parsed) ? parsed.ToString() : null, errors);
        var providers = Canonical("provider_ids", body.ProviderIds, text => ProviderId.TryParse(text, out var parsed) ? parsed.ToString() : null, errors);
        if (body.Ochp is { } ochp)
        {
            errors.RequiredString("ochp.username", ochp.Username, 100);
            errors.RequiredString("ochp.password", ochp.Password, 200);
        }
        request = new Request(id, body.Name?.Trim() ?? "", operators, providers, body.Ochp?.Username, body.Ochp?.Password);
        return errors;
    }

    private static IReadOnlyList<string> Canonical(string field, IReadOnlyList<string>? texts, Func<string?, string?> parse, FieldErrors errors)
    {
        var canonical = new List<string>();
        for (var i = 0; i < (texts?.Count ?? 0); i++)
        {
            if (parse(texts![i]) is not { } id)
                errors.Add($"{field}[{i}]", "must be a country code and three letters or digits, e.g. DE*ABC");
            else if (canonical.Contains(id))
                errors.Add($"{field}[{i}]", $"{id} is listed twice");
            else
                canonical.Add(id);
        }
        return canonical;
    }

    /// <summary>The event of the put: registered when new, changed when it differs from what is stored, none when the same.</summary>
    public static object? Decide(Request request, Participant? current, Instant now)
    {
        var ochp = request.OchpUsername is null ? null
            // The stored hash stays when the password is the same: the participant's OCHP login does not "change" on every put.
            : current?.Ochp is { } stored && stored.Username == request.OchpUsername && SecretHasher.Verify(request.OchpPassword!, stored.PasswordHash)
                ? stored
                : new OchpAccount(request.OchpUsername, SecretHasher.Hash(request.OchpPassword!));
        if (current is null)
            return new ParticipantRegistered(request.Id, request.Name, request.OperatorIds, request.ProviderIds, ochp, now);
        var same = current.Name == request.Name && current.OperatorIds.SequenceEqual(request.OperatorIds)
            && current.ProviderIds.SequenceEqual(request.ProviderIds) && current.Ochp == ochp;
        return same ? null : new ParticipantChanged(request.Id, request.Name, request.OperatorIds, request.ProviderIds, ochp, now);
    }

    public static void MapPutParticipant(this IEndpointRouteBuilder api) => api.MapPut("/clearing/participants/{id}", Handle).WithName("PutParticipant")
        .WithSummary("Registers or changes a clearing participant with its Operator-IDs, Provider-IDs and OCHP login.");

    private static async Task<Results<Ok<ParticipantView>, ValidationProblem, ProblemHttpResult>> Handle(string id, HttpRequest http, IClearingStore store,
        IClock clock, ILoggerFactory loggers, CancellationToken cancellation)
    {
        var logger = loggers.CreateLogger(typeof(PutParticipant));
        var (body, readErrors) = await JsonBody.Read<ParticipantBody>(http, cancellation);
        if (body is null)
            return readErrors.ToProblem();
        var errors = Validate(id, body, out var request);
        if (!errors.IsValid)
        {
            logger.LogWarning("Refused participant {Participant}: {Errors}", id, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
            return errors.ToProblem();
        }

        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(EventContext.Operator(now));
        var current = await session.LoadAsync<Participant>(id, cancellation);
        var wanted = request.Claims().ToList();
        var existing = (await session.LoadManyAsync<IdClaim>(cancellation, wanted.Select(c => c.Id))).ToDictionary(c => c.Id);
        if (Conflict(wanted, existing, id) is { } conflict)
            return Conflicted(conflict, logger);

        var decided = Decide(request, current, now);
        if (decided is null)
            return TypedResults.Ok(ParticipantView.Of(current!));
        foreach (var claim in wanted.Where(c => !existing.ContainsKey(c.Id)))
            session.Insert(claim);
        var released = current is null ? [] : new Request(id, current.Name, current.OperatorIds, current.ProviderIds, current.Ochp?.Username, null).Claims()
            .Select(c => c.Id).Except(wanted.Select(c => c.Id));
        foreach (var claim in released)
            session.Delete<IdClaim>(claim);
        if (decided is ParticipantRegistered registered)
            session.Events.StartStream<Participant>(id, registered);
        else
            session.Events.Append(id, decided);
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (Exception exception) when (exception is JasperFx.DocumentAlreadyExistsException or ExistingStreamIdCollisionException
                                          || exception.InnerException is JasperFx.DocumentAlreadyExistsException)
        {
            // Another put claimed one of these ids (or registered this participant) between our read and our commit.
            await using var again = store.QuerySession();
            var now2 = (await again.LoadManyAsync<IdClaim>(cancellation, wanted.Select(c => c.Id))).ToDictionary(c => c.Id);
            return Conflicted(Conflict(wanted, now2, id) ?? $"participant {id} was changed at the same time; try again", logger);
        }
        await using var query = store.QuerySession();
        return TypedResults.Ok(ParticipantView.Of((await query.LoadAsync<Participant>(id, cancellation))!));
    }

    private static string? Conflict(IEnumerable<IdClaim> wanted, IReadOnlyDictionary<string, IdClaim> existing, string id) =>
        wanted.Select(c => existing.GetValueOrDefault(c.Id)).FirstOrDefault(c => c is not null && c.ParticipantId != id) is { } taken
            ? $"{Describe(taken.Kind)} {taken.Value} belongs to participant {taken.ParticipantId}"
            : null;

    private static string Describe(string kind) => kind switch
    {
        ClaimKinds.Operator => "Operator-ID",
        ClaimKinds.Provider => "Provider-ID",
        _ => "OCHP user name",
    };

    private static ProblemHttpResult Conflicted(string detail, ILogger logger)
    {
        logger.LogWarning("Refused participant put: {Conflict}", detail);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Identifier already claimed");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex ParticipantIdPattern();
}
