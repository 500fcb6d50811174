using System.Security.Cryptography;
using System.Text;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Bridge;

/// <summary>
/// One of our CPO's OCPI 2.2.1 tariffs → the OCHP <c>TariffInfo</c> we publish with UpdateTariffs (pure), the inverse of
/// <see cref="OchpTariffToOcpiTariff"/> for everything both protocols can say.
/// <list type="bullet">
/// <item>The tariff id is <see cref="TariffId"/>: our Operator-ID, <c>T</c>, and our id when it fits (the CDRs we upload
/// name it on their connector).</item>
/// <item>One default individual tariff (no recipients: every connected e-MSP gets it) in the tariff's currency.</item>
/// <item>Each OCPI price component becomes an OCHP tariff element with its element's restrictions: FLAT → serviceFee,
/// ENERGY → energy, TIME → usagetime, PARKING_TIME → parkingtime; step sizes in kWh and hours. Start and end time with
/// days become regular hours (every day when no day is named; an end before the start runs over midnight, as in
/// OCPI). Prices are excl. VAT: OCHP tariffs carry none.</item>
/// <item>The tariff's start/end_date_time become every element's restriction startDateTime/endDateTime.</item>
/// <item>What OCHP cannot express refuses the tariff, never silently: min/max_price (OCHP prices have no floor or cap),
/// restrictions on current, reservation, or start/end_date (local dates; OCHP restricts by UTC date-time).</item>
/// <item>Lost on the way (informational only, prices unchanged): type, tariff_alt_text/url, energy_mix, VAT.</item>
/// </list>
/// </summary>
public static class OcpiTariffToOchpTariff
{
    private const int MaxSuffixLength = 10;

    public static Bridged<TariffInfo> Map(Tariff tariff, OperatorId ourOperator)
    {
        var problems = new List<string>();
        if (tariff.MinPrice is not null || tariff.MaxPrice is not null)
            problems.Add("min_price/max_price has no OCHP form (an OCHP tariff has no minimum or maximum price)");
        var elements = new List<TariffElementType>();
        foreach (var (element, index) in tariff.Elements.Select((e, i) => (e, i)))
        {
            var restriction = Restriction(element.Restrictions, $"elements[{index}]", problems);
            restriction.StartDateTime = tariff.StartDateTime is { } from ? DateTimeType.From(from) : null;
            restriction.EndDateTime = tariff.EndDateTime is { } until ? DateTimeType.From(until) : null;
            foreach (var component in element.PriceComponents)
            {
                elements.Add(new TariffElementType
                {
                    PriceComponent = new PriceComponentType
                    {
                        BillingItem = BillingItemType.Of(BillingItemOf(component.Type)),
                        ItemPrice = component.Price,
                        StepSize = component.Type switch
                        {
                            TariffDimensionType.Energy => component.StepSize / 1000m,
                            TariffDimensionType.Time or TariffDimensionType.ParkingTime => component.StepSize / 3600m,
                            _ => 1m,
                        },
                    },
                    TariffRestriction = restriction,
                });
            }
        }
        if (elements.Count == 0)
            problems.Add("the tariff has no price component");
        if (problems.Count > 0)
            return Bridged<TariffInfo>.Refused(problems);
        return Bridged<TariffInfo>.Of(new TariffInfo
        {
            TariffId = TariffId(ourOperator, tariff.Id),
            IndividualTariff = [new IndividualTariffType { TariffElement = elements, Currency = tariff.Currency.ToUpperInvariant() }],
        });
    }

    /// <summary>
    /// OCHP's tariff id (<c>DE*ABC*T</c> + 1 to 10 of <c>[A-Za-z0-9*]</c>) of one of our OCPI tariff ids: the id itself
    /// when it is alphanumeric and fits, else the first 10 hex digits of its SHA-256 (deterministic, so the tariff and
    /// the CDRs naming it always agree).
    /// </summary>
    public static string TariffId(OperatorId ourOperator, string ocpiTariffId)
    {
        var suffix = ocpiTariffId.Length is >= 1 and <= MaxSuffixLength && ocpiTariffId.All(char.IsAsciiLetterOrDigit)
            ? ocpiTariffId
            : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ocpiTariffId)))[..MaxSuffixLength];
        return $"{ourOperator.Country}*{ourOperator.Party}*T{suffix}";
    }

    public static BillingItem BillingItemOf(TariffDimensionType type) => type switch
    {
        TariffDimensionType.Energy => BillingItem.Energy,
        TariffDimensionType.Time => BillingItem.UsageTime,
        TariffDimensionType.ParkingTime => BillingItem.ParkingTime,
        _ => BillingItem.ServiceFee,
    };

    private static TariffRestrictionType Restriction(TariffRestrictions? restrictions, string path, List<string> problems)
    {
        var restriction = new TariffRestrictionType();
        if (restrictions is null)
            return restriction;
        if (restrictions.MinCurrent is not null || restrictions.MaxCurrent is not null)
            problems.Add($"{path}.restrictions: min/max_current has no OCHP form");
        if (restrictions.Reservation is not null)
            problems.Add($"{path}.restrictions: reservation has no OCHP form");
        if (restrictions.StartDate is not null || restrictions.EndDate is not null)
            problems.Add($"{path}.restrictions: start/end_date in local time has no OCHP form (OCHP restricts by UTC date-time)");
        if (restrictions.StartTime is not null || restrictions.EndTime is not null || restrictions.DayOfWeek is { Count: > 0 })
        {
            var begin = restrictions.StartTime ?? "00:00";
            var end = restrictions.EndTime ?? "24:00";
            var days = restrictions.DayOfWeek is { Count: > 0 } named ? named.Select(d => (int)d).ToList() : Enumerable.Range(1, 7).ToList();
            if (string.CompareOrdinal(end, begin) <= 0 && end != "24:00")
            {
                // Over midnight: from the start to the end of the day, and the next day from midnight to the end.
                foreach (var day in days)
                {
                    restriction.RegularHours.Add(new RegularHoursType { Weekday = day, PeriodBegin = begin, PeriodEnd = "24:00" });
                    if (end != "00:00")
                        restriction.RegularHours.Add(new RegularHoursType { Weekday = day % 7 + 1, PeriodBegin = "00:00", PeriodEnd = end });
                }
            }
            else
            {
                restriction.RegularHours.AddRange(days.Select(day => new RegularHoursType { Weekday = day, PeriodBegin = begin, PeriodEnd = end }));
            }
            if (restriction.RegularHours.Count > 14)
                problems.Add($"{path}.restrictions: more than 14 regular hours (OCHP's maximum)");
        }
        restriction.MinEnergy = restrictions.MinKwh;
        restriction.MaxEnergy = restrictions.MaxKwh;
        restriction.MinPower = restrictions.MinPower;
        restriction.MaxPower = restrictions.MaxPower;
        restriction.MinDuration = restrictions.MinDuration;
        restriction.MaxDuration = restrictions.MaxDuration;
        return restriction;
    }
}
