using System.Text.Json;
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
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Pricing;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Settlement.Reimbursement.Employers;

namespace Roaming.Settlement.Reimbursement.Employees;

/// <summary>The body of <c>PUT /api/settlement/employers/{employer_id}/employees/{employee_id}</c>.</summary>
public sealed record EmployeeBody(
    [property: JsonPropertyName("employee_number")] string? EmployeeNumber,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("country")] string? Country,
    [property: JsonPropertyName("charge_point_ids")] IReadOnlyList<string>? ChargePointIds,
    [property: JsonPropertyName("meter_ids")] IReadOnlyList<string>? MeterIds,
    [property: JsonPropertyName("token_uids")] IReadOnlyList<string>? TokenUids,
    [property: JsonPropertyName("reimbursement_rate")] ReimbursementRateBody? ReimbursementRate);

/// <summary>Either <c>{"tariff": &lt;OCPI 2.2.1 Tariff&gt;}</c> (the employee's energy contract) or <c>{"employer_rate": true}</c> (the default).</summary>
public sealed record ReimbursementRateBody(
    [property: JsonPropertyName("tariff")] JsonElement? Tariff,
    [property: JsonPropertyName("employer_rate")] bool? EmployerRate);

public sealed record EmployeeView(
    [property: JsonPropertyName("employer_id")] string EmployerId,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("employee_number")] string EmployeeNumber,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("country")] string Country,
    [property: JsonPropertyName("charge_point_ids")] IReadOnlyList<string> ChargePointIds,
    [property: JsonPropertyName("meter_ids")] IReadOnlyList<string> MeterIds,
    [property: JsonPropertyName("token_uids")] IReadOnlyList<string> TokenUids,
    [property: JsonPropertyName("reimbursement_rate")] string ReimbursementRate,
    [property: JsonPropertyName("changed_at")] Instant ChangedAt)
{
    public static EmployeeView Of(Employee e) => new(e.EmployerId, e.EmployeeId, e.EmployeeNumber, e.Name, e.Country, e.ChargePointIds, e.MeterIds,
        e.TokenUids, e.Tariff is { } tariff ? $"tariff:{tariff.Id} (energy contract)" : "employer rate", e.ChangedAt);
}

/// <summary>
/// <c>PUT /api/settlement/employers/{employer_id}/employees/{employee_id}</c>: registers or changes an employee's home
/// charging: home chargers (OCPP charge point ids), MID meters, company tokens and the reimbursement rate. A charger,
/// meter or token of another employee is a 409 naming its owner.
/// </summary>
public static class PutEmployee
{
    public sealed record Request(string EmployerId, string EmployeeId, string EmployeeNumber, string Name, string Country,
        IReadOnlyList<string> ChargePointIds, IReadOnlyList<string> MeterIds, IReadOnlyList<string> TokenUids, Tariff? Tariff)
    {
        public IEnumerable<HomeChargingClaim> Claims() =>
            ChargePointIds.Select(id => HomeChargingClaim.For(HomeChargingClaimKinds.ChargePoint, id, EmployerId, EmployeeId))
                .Concat(MeterIds.Select(id => HomeChargingClaim.For(HomeChargingClaimKinds.Meter, id, EmployerId, EmployeeId)))
                .Concat(TokenUids.Select(id => HomeChargingClaim.For(HomeChargingClaimKinds.Token, id, EmployerId, EmployeeId)));
    }

    public static FieldErrors Validate(string employeeId, EmployeeBody body, Employer employer, out Request request)
    {
        var errors = new FieldErrors();
        if (!PutEmployer.IsId(employeeId))
            errors.Add("employee_id", "must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        errors.RequiredString("employee_number", body.EmployeeNumber, 50);
        errors.RequiredString("name", body.Name, 200);
        if (body.Country is null || !Iso3166Countries.IsAlpha2(body.Country))
            errors.Add("country", "must be an ISO 3166-1 alpha-2 country code, e.g. DE");
        var chargePoints = Identifiers("charge_point_ids", body.ChargePointIds, errors);
        var meters = Identifiers("meter_ids", body.MeterIds, errors);
        var tokens = Identifiers("token_uids", body.TokenUids, errors);
        if (chargePoints.Count + meters.Count == 0)
            errors.Add("charge_point_ids", "an employee needs at least one home charger (charge_point_ids) or MID meter (meter_ids)");
        var tariff = ReadTariff(body.ReimbursementRate, employer, errors);
        request = new Request(employer.EmployerId, employeeId, body.EmployeeNumber?.Trim() ?? "", body.Name?.Trim() ?? "", body.Country ?? "",
            chargePoints, meters, tokens, tariff);
        return errors;
    }

    private static Tariff? ReadTariff(ReimbursementRateBody? rate, Employer employer, FieldErrors errors)
    {
        const string field = "reimbursement_rate.tariff";
        if (rate?.Tariff is not { } json)
        {
            if (rate is not null && rate.EmployerRate is not true)
                errors.Add("reimbursement_rate", "must be {\"tariff\": <OCPI tariff>} or {\"employer_rate\": true}");
            return null;
        }
        if (rate.EmployerRate is true)
        {
            errors.Add("reimbursement_rate", "either a tariff or the employer rate, not both");
            return null;
        }
        if (!OcpiJson.TryRead<Tariff>(json, TariffValidation.Validate, out var tariff, out var tariffErrors))
        {
            errors.Include(field, tariffErrors);
            return null;
        }
        if (tariff.Currency != employer.Currency)
        {
            errors.Add(FieldErrors.Path(field, "currency"), $"must be the employer's currency {employer.Currency}: a reimbursement is never converted");
            return null;
        }
        try
        {
            TariffCalculator.Compile(tariff);
        }
        catch (ArgumentException exception)
        {
            errors.Add(field, $"cannot be priced: {exception.Message}");
            return null;
        }
        return tariff;
    }

    private static IReadOnlyList<string> Identifiers(string field, IReadOnlyList<string>? values, FieldErrors errors)
    {
        var list = new List<string>();
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            var value = values![i]?.Trim();
            if (string.IsNullOrEmpty(value) || value.Length > 100)
                errors.Add(FieldErrors.Index(field, i), "must be 1 to 100 characters");
            else if (list.Contains(value))
                errors.Add(FieldErrors.Index(field, i), $"{value} is listed twice");
            else
                list.Add(value);
        }
        return list;
    }

    public static object? Decide(Request request, Employee? current, string actor, Instant now)
    {
        var r = request;
        if (current is null)
            return new EmployeeRegistered(r.EmployerId, r.EmployeeId, r.EmployeeNumber, r.Name, r.Country, r.ChargePointIds, r.MeterIds, r.Tariff, r.TokenUids, actor, now);
        var same = current.EmployeeNumber == r.EmployeeNumber && current.Name == r.Name && current.Country == r.Country
                   && current.ChargePointIds.SequenceEqual(r.ChargePointIds) && current.MeterIds.SequenceEqual(r.MeterIds)
                   && current.TokenUids.SequenceEqual(r.TokenUids) && SameTariff(current.Tariff, r.Tariff);
        return same ? null : new EmployeeChanged(r.EmployerId, r.EmployeeId, r.EmployeeNumber, r.Name, r.Country, r.ChargePointIds, r.MeterIds, r.Tariff, r.TokenUids, actor, now);
    }

    private static bool SameTariff(Tariff? left, Tariff? right) =>
        left is null || right is null ? left is null && right is null : OcpiJson.SameContent(left, right);

    public static void MapPutEmployee(this IEndpointRouteBuilder api) =>
        api.MapPut("/settlement/employers/{employer_id}/employees/{employee_id}", Handle).WithName("PutEmployee")
            .WithSummary("Registers or changes an employee's home chargers, MID meters, company tokens and reimbursement rate.");

    private static async Task<Results<Ok<EmployeeView>, ValidationProblem, ProblemHttpResult>> Handle([FromRoute(Name = "employer_id")] string employerId,
        [FromRoute(Name = "employee_id")] string employeeId, HttpRequest http, ISettlementStore store, IClock clock, CancellationToken cancellation)
    {
        var (body, readErrors) = await JsonBody.Read<EmployeeBody>(http, cancellation);
        if (body is null)
            return readErrors.ToProblem();
        var context = EventContext.Operator(clock.GetCurrentInstant());
        await using var session = store.LightweightSession().Stamp(context);
        if (await session.LoadAsync<Employer>(Employer.KeyOf(employerId), cancellation) is not { } employer)
            return ReimbursementProblems.NotFound($"employer {employerId} is not registered");
        var errors = Validate(employeeId, body, employer, out var request);
        if (!errors.IsValid)
            return errors.ToProblem();

        var key = Employee.KeyOf(employerId, employeeId);
        var current = await session.LoadAsync<Employee>(key, cancellation);
        var wanted = request.Claims().ToList();
        var existing = (await session.LoadManyAsync<HomeChargingClaim>(cancellation, wanted.Select(c => c.Id))).ToDictionary(c => c.Id);
        if (wanted.Select(c => existing.GetValueOrDefault(c.Id)).FirstOrDefault(c => c is not null && (c.EmployerId, c.EmployeeId) != (employerId, employeeId)) is { } taken)
            return ReimbursementProblems.Conflict($"{taken.Kind} {taken.Value} belongs to employee {taken.EmployeeId} of employer {taken.EmployerId}");

        var decided = Decide(request, current, context.Actor, context.ReceivedAt);
        if (decided is null)
            return TypedResults.Ok(EmployeeView.Of(current!));
        foreach (var claim in wanted.Where(c => !existing.ContainsKey(c.Id)))
            session.Insert(claim);
        if (current is not null)
        {
            var previous = new Request(employerId, employeeId, "", "", "", current.ChargePointIds, current.MeterIds, current.TokenUids, null).Claims().Select(c => c.Id);
            foreach (var released in previous.Except(wanted.Select(c => c.Id)))
                session.Delete<HomeChargingClaim>(released);
        }
        if (decided is EmployeeRegistered registered)
            session.Events.StartStream<Employee>(key, registered);
        else
            session.Events.Append(key, decided);
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (Exception exception) when (exception is JasperFx.DocumentAlreadyExistsException or Marten.Exceptions.ExistingStreamIdCollisionException
                                          || exception.InnerException is JasperFx.DocumentAlreadyExistsException)
        {
            return ReimbursementProblems.Conflict($"a charger, meter or token of employee {employeeId} was claimed at the same time; try again");
        }
        return TypedResults.Ok(EmployeeView.Of((await session.LoadAsync<Employee>(key, cancellation))!));
    }
}
