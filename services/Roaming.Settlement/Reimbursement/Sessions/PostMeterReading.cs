using System.Text.Json.Serialization;
using Marten;
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
using Roaming.Settlement.Reimbursement.Closing;
using Roaming.Settlement.Reimbursement.Employees;
using Roaming.Settlement.Reimbursement.Employers;

namespace Roaming.Settlement.Reimbursement.Sessions;

/// <summary>The body of <c>POST /api/settlement/employers/{employer_id}/employees/{employee_id}/meter-readings</c>.</summary>
/// <param name="ReadingId">Makes the post idempotent; defaults to <c>{meter_id}@{start}</c>.</param>
public sealed record MeterReadingBody(
    [property: JsonPropertyName("reading_id")] string? ReadingId,
    [property: JsonPropertyName("meter_id")] string? MeterId,
    [property: JsonPropertyName("start")] Instant? Start,
    [property: JsonPropertyName("end")] Instant? End,
    [property: JsonPropertyName("start_wh")] decimal? StartWh,
    [property: JsonPropertyName("end_wh")] decimal? EndWh,
    [property: JsonPropertyName("signed_data")] string? SignedData);

public sealed record MeterReadingView(
    [property: JsonPropertyName("reading_id")] string ReadingId,
    [property: JsonPropertyName("meter_id")] string MeterId,
    [property: JsonPropertyName("start")] Instant Start,
    [property: JsonPropertyName("end")] Instant End,
    [property: JsonPropertyName("energy_kwh")] decimal EnergyKwh,
    [property: JsonPropertyName("signed_data")] string? SignedData)
{
    public static MeterReadingView Of(HomeSession session) => new(session.Reference, session.MeterId, session.Start, session.End!.Value, session.EnergyKwh,
        session.SignedData.FirstOrDefault());
}

/// <summary>
/// <c>POST .../meter-readings</c>: the employee's MID meter reading for one home session. Idempotent per reading id
/// (the same reading again answers 200; other values under the same id 409). A reading that overlaps another of the
/// same meter, or falls in a month already closed, is a 409.
/// </summary>
public static class PostMeterReading
{
    public static FieldErrors Validate(MeterReadingBody body)
    {
        var errors = new FieldErrors();
        errors.RequiredString("meter_id", body.MeterId, 100);
        if (body.ReadingId is not null)
            errors.RequiredString("reading_id", body.ReadingId, 100);
        errors.Required("start", body.Start);
        errors.Required("end", body.End);
        if (body is { Start: { } start, End: { } end } && end <= start)
            errors.Add("end", "must be after start");
        if (body.StartWh is not >= 0m)
            errors.Add("start_wh", "must be a meter register in Wh, 0 or more");
        if (body.EndWh is not { } endWh || endWh < (body.StartWh ?? 0m))
            errors.Add("end_wh", "must be a meter register in Wh, at least start_wh");
        errors.MaxLength("signed_data", body.SignedData, 20_000);
        return errors;
    }

    public static bool SameReading(HomeSession stored, MeterReadingRecorded posted) =>
        stored.MeterId == posted.MeterId && stored.Start == posted.Start && stored.End == posted.End && stored.StartWh == posted.StartWh
        && stored.EndWh == posted.EndWh && stored.SignedData.FirstOrDefault() == posted.SignedData;

    /// <summary>The same reading id started twice, or PostgreSQL failed the serializable commit of an overlapping pair.</summary>
    private static bool IsConcurrentWrite(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is Marten.Exceptions.ExistingStreamIdCollisionException or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.SerializationFailure })
                return true;
        }
        return false;
    }

    public static void MapPostMeterReading(this IEndpointRouteBuilder api) =>
        api.MapPost("/settlement/employers/{employer_id}/employees/{employee_id}/meter-readings", Handle).WithName("PostMeterReading")
            .WithSummary("Records an employee's MID meter reading of one home charging session.");

    private static async Task<Results<Ok<MeterReadingView>, Created<MeterReadingView>, ValidationProblem, ProblemHttpResult>> Handle(
        [FromRoute(Name = "employer_id")] string employerId, [FromRoute(Name = "employee_id")] string employeeId, HttpRequest http, ISettlementStore store,
        IClock clock, CancellationToken cancellation)
    {
        var (body, readErrors) = await JsonBody.Read<MeterReadingBody>(http, cancellation);
        if (body is null)
            return readErrors.ToProblem();
        var errors = Validate(body);
        if (!errors.IsValid)
            return errors.ToProblem();

        var context = EventContext.Operator(clock.GetCurrentInstant());
        // Serializable: two readings that overlap, posted at the same time, cannot both pass the overlap check (PostgreSQL
        // fails one of the two commits, answered 409).
        await using var session = (await store.LightweightSerializableSessionAsync(cancellation)).Stamp(context);
        if (await session.LoadAsync<Employer>(Employer.KeyOf(employerId), cancellation) is not { } employer)
            return ReimbursementProblems.NotFound($"employer {employerId} is not registered");
        if (await session.LoadAsync<Employee>(Employee.KeyOf(employerId, employeeId), cancellation) is not { } employee)
            return ReimbursementProblems.NotFound($"employee {employeeId} of employer {employerId} is not registered");
        var meterId = body.MeterId!.Trim();
        if (!employee.MeterIds.Contains(meterId))
            return ReimbursementProblems.NotFound($"meter {meterId} is not registered to employee {employeeId}");

        var readingId = body.ReadingId?.Trim() ?? $"{meterId}@{body.Start}";
        var key = HomeSession.ReadingKey(employerId, employeeId, readingId);
        var posted = new MeterReadingRecorded(key, employerId, employeeId, readingId, meterId, body.Start!.Value, body.End!.Value, body.StartWh!.Value,
            body.EndWh!.Value, body.SignedData, context.Actor, context.ReceivedAt);
        if (await session.LoadAsync<HomeSession>(key, cancellation) is { } stored)
            return SameReading(stored, posted)
                ? TypedResults.Ok(MeterReadingView.Of(stored))
                : ReimbursementProblems.Conflict($"reading {readingId} was recorded with other values");

        var (start, end) = (posted.Start.ToDateTimeOffset(), posted.End.ToDateTimeOffset());
        var overlapping = await session.Query<HomeSession>()
            .Where(s => s.EmployeeId == employeeId && s.EmployerId == employerId && s.MeterId == meterId && s.StartUtc < end && s.EndUtc > start)
            .FirstOrDefaultAsync(cancellation);
        if (overlapping is not null)
            return ReimbursementProblems.Conflict($"the reading overlaps reading {overlapping.Reference} of meter {meterId} ({overlapping.Start} to {overlapping.End})");
        var month = ReimbursementPeriod.Of(posted.Start, employer.Zone);
        if (await session.Events.FetchStreamStateAsync(ReimbursementPeriod.CloseKey(employerId, month), cancellation) is not null)
            return ReimbursementProblems.Conflict($"{ReimbursementPeriod.Name(month)} is already closed for employer {employerId}");

        session.Events.StartStream<HomeSession>(key, posted);
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (Exception exception) when (IsConcurrentWrite(exception))
        {
            return ReimbursementProblems.Conflict($"another reading of meter {meterId} was recorded at the same time; post again to see whether it overlaps");
        }
        var recorded = (await session.LoadAsync<HomeSession>(key, cancellation))!;
        return TypedResults.Created($"/api/settlement/employers/{employerId}/employees/{employeeId}/meter-readings/{Uri.EscapeDataString(readingId)}",
            MeterReadingView.Of(recorded));
    }
}
