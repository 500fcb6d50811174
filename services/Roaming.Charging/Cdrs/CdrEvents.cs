using JasperFx.Events;
using Marten.Events.Aggregation;
using NodaTime;
using Roaming.Charging.Cdrs.Ocpi;

namespace Roaming.Charging.Cdrs;

/// <summary>
/// A CDR was issued for a finished session. The CDR is immutable: a correction is a new credit CDR referencing this one.
/// The tariff version is kept so the price explanation can be recomputed exactly.
/// </summary>
public sealed record CdrIssued(string CdrId, string SessionId, string? TariffKey, int? TariffVersion, string TimeZone, Cdr Cdr, Instant IssuedAt);

public sealed record IssuedCdr(string Id, string SessionId, string? TariffKey, int? TariffVersion, string TimeZone, Cdr Cdr, Instant IssuedAt);

public sealed class IssuedCdrProjection : SingleStreamProjection<IssuedCdr, string>
{
    public static IssuedCdr Create(CdrIssued issued) =>
        new(issued.CdrId, issued.SessionId, issued.TariffKey, issued.TariffVersion, issued.TimeZone, issued.Cdr, issued.IssuedAt);
}
