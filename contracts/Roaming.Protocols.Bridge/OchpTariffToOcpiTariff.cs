using NodaTime;
using NodaTime.Text;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Bridge;

/// <summary>
/// An OCHP <c>TariffInfo</c> a CPO published → the OCPI 2.2.1 Tariff that prices its CDRs for us (pure), so that
/// Charging's reconciliation re-prices OCHP CDRs exactly as it does OCPI ones.
/// <list type="bullet">
/// <item>The individual tariff is the one naming our Provider-ID among its recipients, else the default one (no recipients).</item>
/// <item>Each OCHP tariff element has one price component: it becomes one OCPI element per distinct time window of its
/// regular hours (OCPI has one window per element, with its days). serviceFee → FLAT, energy → ENERGY, usagetime → TIME,
/// parkingtime → PARKING_TIME; step sizes go from kWh and hours to Wh and seconds (rounded up, at least 1).</item>
/// <item>power, reservation and reservationtime have no OCPI price component: such a tariff is refused, never guessed.</item>
/// <item>OCHP tariffs carry no VAT: the OCPI components have none, so only amounts excl. VAT can be compared.</item>
/// <item>Restriction start/end date-times that every element shares (how a tariff's validity reaches OCHP) become the
/// tariff's start/end_date_time, exactly; others become the element's start/end dates (their UTC date: OCPI has no time
/// there).</item>
/// </list>
/// </summary>
public static class OchpTariffToOcpiTariff
{
    /// <param name="us">The e-MSP whose individual tariff is wanted; null for the default one only (what every e-MSP gets).</param>
    public static Bridged<Tariff> Map(TariffInfo tariff, ProviderId? us, Instant lastUpdated)
    {
        var problems = new List<string>();
        var individual = tariff.IndividualTariff.FirstOrDefault(t => us is { } provider && t.Recipient.Any(r => ProviderId.TryParse(r, out var id) && id == provider))
            ?? tariff.IndividualTariff.FirstOrDefault(t => t.Recipient.Count == 0);
        if (individual is null)
            return Bridged<Tariff>.Refused([us is null
                ? $"tariff {tariff.TariffId} has no default individual tariff (only ones for named recipients)"
                : $"tariff {tariff.TariffId} has no individual tariff for {us} and no default one"]);
        if (OperatorOf(tariff.TariffId) is not { } operatorId)
            return Bridged<Tariff>.Refused([$"tariff id '{tariff.TariffId}' does not start with an Operator-ID"]);

        var validity = individual.TariffElement.Select(e => (e.TariffRestriction.StartDateTime?.DateTime, e.TariffRestriction.EndDateTime?.DateTime)).Distinct().ToList();
        var shared = validity.Count == 1 && validity[0] != (null, null) ? validity[0] : ((string?)null, (string?)null);
        var elements = new List<TariffElement>();
        foreach (var (element, index) in individual.TariffElement.Select((e, i) => (e, i)))
        {
            if (Component(element.PriceComponent) is not { } component)
            {
                problems.Add($"tariffElement[{index}]: billing item {BillingItemText(element.PriceComponent.BillingItem.Value)} has no OCPI price component");
                continue;
            }
            elements.AddRange(Restrictions(element.TariffRestriction, withDates: shared == (null, null)).Select(restrictions => new TariffElement
            {
                PriceComponents = [component],
                Restrictions = restrictions,
            }));
        }
        if (elements.Count == 0 && problems.Count == 0)
            problems.Add($"tariff {tariff.TariffId} has no tariff element");
        if (problems.Count > 0)
            return Bridged<Tariff>.Refused(problems);
        return Bridged<Tariff>.Of(new Tariff
        {
            CountryCode = operatorId.Country,
            PartyId = operatorId.Party,
            Id = tariff.TariffId,
            Currency = individual.Currency.ToUpperInvariant(),
            Elements = elements,
            StartDateTime = shared.Item1 is { } from ? DateTimeType.Parse(from) : null,
            EndDateTime = shared.Item2 is { } until ? DateTimeType.Parse(until) : null,
            LastUpdated = lastUpdated,
        });
    }

    /// <summary>The operator that published a tariff: its id starts with the Operator-ID (<c>DE*ABC*T1</c> or <c>DEABCT1</c>).</summary>
    public static OperatorId? OperatorOf(string tariffId)
    {
        var compact = tariffId.Replace("*", "", StringComparison.Ordinal);
        return compact.Length >= 5 && OperatorId.TryParse(compact[..5], out var id) ? id : null;
    }

    private static PriceComponent? Component(PriceComponentType component)
    {
        var (type, stepUnit) = component.BillingItem.Value switch
        {
            BillingItem.ServiceFee => (TariffDimensionType.Flat, 0m),
            BillingItem.Energy => (TariffDimensionType.Energy, 1000m),
            BillingItem.UsageTime => (TariffDimensionType.Time, 3600m),
            BillingItem.ParkingTime => (TariffDimensionType.ParkingTime, 3600m),
            _ => ((TariffDimensionType?)null, 0m),
        };
        if (type is null)
            return null;
        // Rounded to a millionth before rounding up: 1/60 h written as 0.0166…67 is 60 s, not 61.
        var step = stepUnit == 0m ? 1 : (int)Math.Max(1m, Math.Ceiling(Math.Round(component.StepSize * stepUnit, 6)));
        return new PriceComponent { Type = type.Value, Price = component.ItemPrice, StepSize = step };
    }

    /// <summary>One OCPI restriction per distinct time window of the regular hours (a single one when there are none).</summary>
    private static IEnumerable<TariffRestrictions?> Restrictions(TariffRestrictionType restriction, bool withDates)
    {
        var common = new TariffRestrictions
        {
            StartDate = withDates && restriction.StartDateTime is { } start ? Date(start) : null,
            EndDate = withDates && restriction.EndDateTime is { } end ? Date(end) : null,
            MinKwh = restriction.MinEnergy,
            MaxKwh = restriction.MaxEnergy,
            MinPower = restriction.MinPower,
            MaxPower = restriction.MaxPower,
            MinDuration = restriction.MinDuration,
            MaxDuration = restriction.MaxDuration,
        };
        if (restriction.RegularHours.Count == 0)
        {
            yield return common == new TariffRestrictions() ? null : common;
            yield break;
        }
        foreach (var window in restriction.RegularHours.GroupBy(h => (h.PeriodBegin, h.PeriodEnd)))
        {
            yield return common with
            {
                StartTime = window.Key.PeriodBegin,
                EndTime = window.Key.PeriodEnd,
                DayOfWeek = window.Select(h => (TariffDayOfWeek)h.Weekday).Distinct().Order().ToList(),
            };
        }
    }

    private static string Date(DateTimeType value) =>
        LocalDatePattern.Iso.Format(DateTimeType.Parse(value.DateTime).InUtc().Date);

    private static string BillingItemText(BillingItem item) => item switch
    {
        BillingItem.Power => "power",
        BillingItem.Reservation => "reservation",
        BillingItem.ReservationTime => "reservationtime",
        _ => item.ToString(),
    };
}
