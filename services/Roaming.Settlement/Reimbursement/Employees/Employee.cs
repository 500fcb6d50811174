using Marten.Events.Aggregation;
using NodaTime;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Settlement.Reimbursement.Employees;

/// <summary>An employee's home charging was registered with its employer.</summary>
/// <param name="ChargePointIds">OCPP charge point ids of the employee's home chargers: their transactions are reimbursed.</param>
/// <param name="MeterIds">MID meters whose readings the employee posts.</param>
/// <param name="Tariff">The employee's energy contract as an OCPI tariff; null: the employer's rate for the country and year.</param>
/// <param name="TokenUids">The employee's company token uids: their roaming CDRs are reimbursed when the employer asks for it.</param>
public sealed record EmployeeRegistered(string EmployerId, string EmployeeId, string EmployeeNumber, string Name, string Country,
    IReadOnlyList<string> ChargePointIds, IReadOnlyList<string> MeterIds, Tariff? Tariff, IReadOnlyList<string> TokenUids, string Actor, Instant At);

/// <summary>An employee was put again: the whole new state.</summary>
public sealed record EmployeeChanged(string EmployerId, string EmployeeId, string EmployeeNumber, string Name, string Country,
    IReadOnlyList<string> ChargePointIds, IReadOnlyList<string> MeterIds, Tariff? Tariff, IReadOnlyList<string> TokenUids, string Actor, Instant At);

/// <summary>An employee as last put (inline projection; id = <see cref="KeyOf"/>).</summary>
public sealed record Employee(string Id, string EmployerId, string EmployeeId, string EmployeeNumber, string Name, string Country,
    IReadOnlyList<string> ChargePointIds, IReadOnlyList<string> MeterIds, Tariff? Tariff, IReadOnlyList<string> TokenUids, Instant RegisteredAt, Instant ChangedAt)
{
    public static string KeyOf(string employerId, string employeeId) => $"employee:{employerId}:{employeeId}";
}

public sealed class EmployeeProjection : SingleStreamProjection<Employee, string>
{
    public static Employee Create(EmployeeRegistered e) => new(Employee.KeyOf(e.EmployerId, e.EmployeeId), e.EmployerId, e.EmployeeId, e.EmployeeNumber,
        e.Name, e.Country, e.ChargePointIds, e.MeterIds, e.Tariff, e.TokenUids, e.At, e.At);

    public static Employee Apply(EmployeeChanged e, Employee current) => current with
    {
        EmployeeNumber = e.EmployeeNumber, Name = e.Name, Country = e.Country, ChargePointIds = e.ChargePointIds, MeterIds = e.MeterIds,
        Tariff = e.Tariff, TokenUids = e.TokenUids, ChangedAt = e.At,
    };
}

/// <summary>
/// Which employee a home charger, MID meter or company token belongs to (document id <see cref="IdOf"/>): what the
/// consumers look up for every transaction and CDR, and what keeps one charger, meter or token with one employee.
/// </summary>
public sealed record HomeChargingClaim(string Id, string Kind, string Value, string EmployerId, string EmployeeId)
{
    public static string IdOf(string kind, string value) => $"{kind}:{value}";

    public static HomeChargingClaim For(string kind, string value, string employerId, string employeeId) => new(IdOf(kind, value), kind, value, employerId, employeeId);
}

public static class HomeChargingClaimKinds
{
    public const string ChargePoint = "charge_point";
    public const string Meter = "meter";
    public const string Token = "token";
}
