using System.Text.Json;
using NodaTime;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Settlement.Reimbursement.Employees;
using Roaming.Settlement.Reimbursement.Employers;
using Roaming.Settlement.Reimbursement.Sessions;

namespace Roaming.Settlement.Tests.Reimbursement;

/// <summary>Employers, employees, tariffs and sessions the reimbursement tests share.</summary>
internal static class ReimbursementSamples
{
    public const string Berlin = "Europe/Berlin";
    public static readonly DateTimeZone BerlinZone = DateTimeZoneProviders.Tzdb[Berlin];

    /// <summary>Energy contract with a night price (22:00 to 07:00 local) and a day price, optionally with VAT.</summary>
    public static string TimeOfUseTariffJson(string id = "T-TOU", decimal? vat = null)
    {
        var vatField = vat is null ? "" : $"\"vat\":{vat.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)},";
        return $$$"""
            {"country_code":"DE","party_id":"HOM","id":"{{{id}}}","currency":"EUR","type":"REGULAR",
             "elements":[
               {"price_components":[{"type":"ENERGY","price":0.25,{{{vatField}}}"step_size":1}],"restrictions":{"start_time":"22:00","end_time":"07:00"}},
               {"price_components":[{"type":"ENERGY","price":0.40,{{{vatField}}}"step_size":1}]}],
             "last_updated":"2026-01-01T00:00:00Z"}
            """;
    }

    public static string FixedTariffJson(decimal price) => $$$"""
        {"country_code":"DE","party_id":"HOM","id":"T-FIX","currency":"EUR",
         "elements":[{"price_components":[{"type":"ENERGY","price":{{{price.ToString(System.Globalization.CultureInfo.InvariantCulture)}}},"step_size":1}]}],
         "last_updated":"2026-01-01T00:00:00Z"}
        """;

    public static Tariff Tariff(string json) => JsonSerializer.Deserialize<Tariff>(json, OcpiJson.Options)!;

    public static Employer Employer(decimal rate = 0.3258m, bool includeRoaming = false) => new("employer:acme", "acme", "ACME GmbH", "EUR", Berlin,
        [new EmployerRate("DE", 2026, rate, "BDEW household price 2026")], includeRoaming, Instant.FromUtc(2026, 1, 1, 0, 0), Instant.FromUtc(2026, 1, 1, 0, 0));

    public static Employee Employee(Tariff? tariff = null) => new("employee:acme:erika", "acme", "erika", "4711", "Erika Mustermann", "DE", ["CP-HOME-1"],
        ["MID-1"], tariff, ["TOKEN-1"], Instant.FromUtc(2026, 1, 1, 0, 0), Instant.FromUtc(2026, 1, 1, 0, 0));

    /// <summary>A MID reading of <paramref name="startWh"/> to <paramref name="endWh"/> over [start, end).</summary>
    public static HomeSession Reading(string id, Instant start, Instant end, decimal startWh, decimal endWh) =>
        new(HomeSession.ReadingKey("acme", "erika", id), "acme", "erika", HomeSessionSources.MidMeter, id, "MID-1", start, end, startWh, endWh, [], [], null, null, false);

    public static Instant Local(int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(BerlinZone).ToInstant();
}
