using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Roaming.Settlement.Reimbursement.Employees;

namespace Roaming.Settlement.Reimbursement.Employers;

public sealed record EmployerWithEmployeesView(
    [property: JsonPropertyName("employer")] EmployerView Employer,
    [property: JsonPropertyName("employees")] IReadOnlyList<EmployeeView> Employees);

/// <summary><c>GET /api/settlement/employers/{employer_id}</c>: the employer's terms and its employees' home charging.</summary>
public static class GetEmployer
{
    public static void MapGetEmployer(this IEndpointRouteBuilder api) =>
        api.MapGet("/settlement/employers/{employer_id}", async ([FromRoute(Name = "employer_id")] string employerId, ISettlementStore store,
                CancellationToken cancellation) =>
            {
                await using var session = store.QuerySession();
                if (await session.LoadAsync<Employer>(Employer.KeyOf(employerId), cancellation) is not { } employer)
                    return ReimbursementProblems.NotFound($"employer {employerId} is not registered");
                var employees = await session.Query<Employee>().Where(e => e.EmployerId == employerId).ToListAsync(cancellation);
                return Results.Ok(new EmployerWithEmployeesView(EmployerView.Of(employer),
                    employees.OrderBy(e => e.EmployeeNumber, StringComparer.Ordinal).Select(EmployeeView.Of).ToList()));
            })
            .WithName("GetEmployer").WithSummary("An employer's reimbursement terms and its employees' home chargers, meters, tokens and rates.");
}
