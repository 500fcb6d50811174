using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Contracts.Validation;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Settlement.Reimbursement.Employers;

/// <summary>The body of <c>PUT /api/settlement/employers/{employer_id}</c>.</summary>
public sealed record EmployerBody(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("currency")] string? Currency,
    [property: JsonPropertyName("time_zone")] string? TimeZone,
    [property: JsonPropertyName("reimbursement_rates")] IReadOnlyList<EmployerRateBody>? ReimbursementRates,
    [property: JsonPropertyName("include_roaming_cdrs")] bool? IncludeRoamingCdrs);

public sealed record EmployerRateBody(
    [property: JsonPropertyName("country")] string? Country,
    [property: JsonPropertyName("year")] int? Year,
    [property: JsonPropertyName("rate_per_kwh")] decimal? RatePerKwh,
    [property: JsonPropertyName("source")] string? Source);

public sealed record EmployerView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("time_zone")] string TimeZone,
    [property: JsonPropertyName("reimbursement_rates")] IReadOnlyList<EmployerRateBody> ReimbursementRates,
    [property: JsonPropertyName("include_roaming_cdrs")] bool IncludeRoamingCdrs,
    [property: JsonPropertyName("registered_at")] Instant RegisteredAt,
    [property: JsonPropertyName("changed_at")] Instant ChangedAt)
{
    public static EmployerView Of(Employer employer) => new(employer.EmployerId, employer.Name, employer.Currency, employer.TimeZone,
        employer.Rates.Select(r => new EmployerRateBody(r.Country, r.Year, r.RatePerKwh, r.Source)).ToList(), employer.IncludeRoamingCdrs,
        employer.RegisteredAt, employer.ChangedAt);
}

/// <summary>
/// <c>PUT /api/settlement/employers/{employer_id}</c>: registers or changes an employer (name, currency, the zone its
/// months are cut in, its fixed rates per country and year, whether company-token roaming CDRs are reimbursed).
/// Settlement keeps employers itself: Clearing's participants are CPOs and e-MSPs with no role list to extend, and an
/// employer needs none of their identifiers.
/// </summary>
public static partial class PutEmployer
{
    public sealed record Request(string EmployerId, string Name, string Currency, string TimeZone, IReadOnlyList<EmployerRate> Rates, bool IncludeRoamingCdrs);

    public static bool IsId(string id) => IdPattern().IsMatch(id);

    public static FieldErrors Validate(string id, EmployerBody body, out Request request)
    {
        var errors = new FieldErrors();
        if (!IsId(id))
            errors.Add("employer_id", "must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        errors.RequiredString("name", body.Name, 200);
        if (!Iso4217Currencies.IsKnown(body.Currency))
            errors.Add("currency", "must be an ISO 4217 currency code, e.g. EUR");
        if (body.TimeZone is null || DateTimeZoneProviders.Tzdb.GetZoneOrNull(body.TimeZone) is null)
            errors.Add("time_zone", "must be an IANA time zone, e.g. Europe/Berlin");
        var rates = new List<EmployerRate>();
        for (var i = 0; i < (body.ReimbursementRates?.Count ?? 0); i++)
        {
            var rate = body.ReimbursementRates![i];
            var field = FieldErrors.Index("reimbursement_rates", i);
            var before = errors.ToDictionary().Count;
            if (rate.Country is null || !Iso3166Countries.IsAlpha2(rate.Country))
                errors.Add(FieldErrors.Path(field, "country"), "must be an ISO 3166-1 alpha-2 country code, e.g. DE");
            if (rate.Year is not (>= 2000 and <= 2100))
                errors.Add(FieldErrors.Path(field, "year"), "must be a calendar year between 2000 and 2100");
            if (rate.RatePerKwh is not > 0m)
                errors.Add(FieldErrors.Path(field, "rate_per_kwh"), "must be a positive amount per kWh");
            errors.RequiredString(FieldErrors.Path(field, "source"), rate.Source, 200);
            if (errors.ToDictionary().Count != before)
                continue;
            if (rates.Any(r => r.Country == rate.Country && r.Year == rate.Year))
                errors.Add(field, $"{rate.Country} {rate.Year} is listed twice: one rate per country and year");
            else
                rates.Add(new EmployerRate(rate.Country!, rate.Year!.Value, rate.RatePerKwh!.Value, rate.Source!.Trim()));
        }
        request = new Request(id, body.Name?.Trim() ?? "", body.Currency ?? "", body.TimeZone ?? "", rates, body.IncludeRoamingCdrs ?? false);
        return errors;
    }

    /// <summary>Registered when new, changed when it differs, nothing when the same.</summary>
    public static object? Decide(Request request, Employer? current, string actor, Instant now)
    {
        if (current is null)
            return new EmployerRegistered(request.EmployerId, request.Name, request.Currency, request.TimeZone, request.Rates, request.IncludeRoamingCdrs, actor, now);
        var same = current.Name == request.Name && current.Currency == request.Currency && current.TimeZone == request.TimeZone
                   && current.Rates.SequenceEqual(request.Rates) && current.IncludeRoamingCdrs == request.IncludeRoamingCdrs;
        return same ? null : new EmployerChanged(request.EmployerId, request.Name, request.Currency, request.TimeZone, request.Rates, request.IncludeRoamingCdrs, actor, now);
    }

    public static void MapPutEmployer(this IEndpointRouteBuilder api) => api.MapPut("/settlement/employers/{employer_id}", Handle).WithName("PutEmployer")
        .WithSummary("Registers or changes an employer that reimburses its employees' home charging.");

    private static async Task<Results<Ok<EmployerView>, ValidationProblem>> Handle([FromRoute(Name = "employer_id")] string employerId,
        HttpRequest http, ISettlementStore store, IClock clock, CancellationToken cancellation)
    {
        var (body, readErrors) = await JsonBody.Read<EmployerBody>(http, cancellation);
        if (body is null)
            return readErrors.ToProblem();
        var errors = Validate(employerId, body, out var request);
        if (!errors.IsValid)
            return errors.ToProblem();

        var context = EventContext.Operator(clock.GetCurrentInstant());
        await using var session = store.LightweightSession().Stamp(context);
        var key = Employer.KeyOf(employerId);
        var current = await session.LoadAsync<Employer>(key, cancellation);
        switch (Decide(request, current, context.Actor, context.ReceivedAt))
        {
            case EmployerRegistered registered:
                session.Events.StartStream<Employer>(key, registered);
                break;
            case { } changed:
                session.Events.Append(key, changed);
                break;
            default:
                return TypedResults.Ok(EmployerView.Of(current!));
        }
        await session.SaveChangesAsync(cancellation);
        return TypedResults.Ok(EmployerView.Of((await session.LoadAsync<Employer>(key, cancellation))!));
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();
}
