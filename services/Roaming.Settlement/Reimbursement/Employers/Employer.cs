using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Settlement.Reimbursement.Employers;

/// <summary>
/// The employer's fixed reimbursement rate for home charging in one country and calendar year, e.g. an official
/// household electricity price (German rules fix the price basis per calendar year).
/// </summary>
/// <param name="Source">Where the rate comes from, printed on every line priced with it, e.g. <c>BDEW household price 2026</c>.</param>
public sealed record EmployerRate(string Country, int Year, decimal RatePerKwh, string Source);

/// <summary>An employer was registered for reimbursing its employees' home charging.</summary>
public sealed record EmployerRegistered(string EmployerId, string Name, string Currency, string TimeZone, IReadOnlyList<EmployerRate> Rates,
    bool IncludeRoamingCdrs, string Actor, Instant At);

/// <summary>An employer was put again: its whole new terms.</summary>
public sealed record EmployerChanged(string EmployerId, string Name, string Currency, string TimeZone, IReadOnlyList<EmployerRate> Rates,
    bool IncludeRoamingCdrs, string Actor, Instant At);

/// <summary>An employer as last put (inline projection; id = <see cref="KeyOf"/>).</summary>
/// <param name="TimeZone">IANA zone the months are cut in: a session belongs to the month of its local start.</param>
/// <param name="IncludeRoamingCdrs">Whether the roaming CDRs of the employees' company tokens are reimbursed too.</param>
public sealed record Employer(string Id, string EmployerId, string Name, string Currency, string TimeZone, IReadOnlyList<EmployerRate> Rates,
    bool IncludeRoamingCdrs, Instant RegisteredAt, Instant ChangedAt)
{
    public static string KeyOf(string employerId) => $"employer:{employerId}";

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[TimeZone];

    public EmployerRate? RateFor(string country, int year) => Rates.FirstOrDefault(r => r.Country == country && r.Year == year);
}

public sealed class EmployerProjection : SingleStreamProjection<Employer, string>
{
    public static Employer Create(EmployerRegistered registered) => new(Employer.KeyOf(registered.EmployerId), registered.EmployerId, registered.Name,
        registered.Currency, registered.TimeZone, registered.Rates, registered.IncludeRoamingCdrs, registered.At, registered.At);

    public static Employer Apply(EmployerChanged changed, Employer current) => current with
    {
        Name = changed.Name, Currency = changed.Currency, TimeZone = changed.TimeZone, Rates = changed.Rates,
        IncludeRoamingCdrs = changed.IncludeRoamingCdrs, ChangedAt = changed.At,
    };
}
