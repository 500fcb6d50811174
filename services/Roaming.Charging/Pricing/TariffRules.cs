using NodaTime;
using Roaming.Charging.Tariffs;

namespace Roaming.Charging.Pricing;

/// <summary>Whether a period belongs to the charging session proper or to the reservation before it.</summary>
internal enum PricingPhase
{
    Session = 1,
    Reservation,
}

/// <summary>What the restrictions are evaluated against, at the start of a period (OCPI: "at the start of each ChargingPeriod").</summary>
internal sealed record PeriodContext(
    PricingPhase Phase,
    bool ReservationExpired,
    LocalDateTime LocalStart,
    decimal EnergySoFarKwh,
    decimal SecondsSincePhaseStart,
    decimal? PowerKw,
    decimal? CurrentA);

/// <summary>The component that prices one dimension in a period: <c>elements[ElementIndex].price_components[ComponentIndex]</c>.</summary>
internal sealed record SelectedComponent(int ElementIndex, int ComponentIndex, PriceComponent Component, bool ElementPricesOnlyParking);

/// <summary>The components active in a period, at most one per dimension, and why others were passed over.</summary>
internal sealed record ComponentSelection(
    IReadOnlyDictionary<TariffDimensionType, SelectedComponent> Chosen,
    IReadOnlyList<SelectionNote> Notes)
{
    public SelectedComponent? For(TariffDimensionType type) => Chosen.GetValueOrDefault(type);

    /// <summary>
    /// Two neighbouring periods with the same key for the dimensions they have volume in are priced identically,
    /// so they may be merged into one charging period.
    /// </summary>
    public string KeyFor(IReadOnlySet<TariffDimensionType> dimensions) =>
        string.Join(';', Chosen.Where(c => dimensions.Contains(c.Key)).OrderBy(c => c.Key)
            .Select(c => $"{c.Key}:{c.Value.ElementIndex}.{c.Value.ComponentIndex}")) +
        "|" + string.Join(';', Notes.Where(n => dimensions.Contains(n.Dimension)).Select(n => $"{n.Dimension}:{n.Text}"));

    public IEnumerable<string> NotesFor(TariffDimensionType dimension) =>
        Notes.Where(n => n.Dimension == dimension).Select(n => n.Text);
}

/// <summary>Why an element was passed over for a dimension, when that is not plain from the restrictions.</summary>
internal sealed record SelectionNote(TariffDimensionType Dimension, string Text);

internal enum RestrictionOutcome
{
    Met,
    NotMet,
    /// <summary>The restriction needs a quantity that was not measured (current); the element does not apply.</summary>
    Unknown,
}

/// <summary>The tariff's elements with their restrictions parsed once, and the choice of components for a period.</summary>
internal sealed class TariffRules
{
    private static readonly TariffDimensionType[] SessionDimensions =
        [TariffDimensionType.Flat, TariffDimensionType.Energy, TariffDimensionType.Time, TariffDimensionType.ParkingTime];

    // A reservation is priced by a FLAT fee and/or TIME for the reserved duration (OCPI ReservationRestrictionType).
    private static readonly TariffDimensionType[] ReservationDimensions = [TariffDimensionType.Flat, TariffDimensionType.Time];

    private readonly IReadOnlyList<ElementRule> _elements;

    public TariffRules(Tariff tariff)
    {
        _elements = tariff.Elements.Select((element, index) => new ElementRule(index, element)).ToList();
    }

    public bool HasCalendarRestrictions => _elements.Any(e => e.HasCalendarRestriction);

    public IEnumerable<LocalTime> TimeOfDayBoundaries =>
        _elements.SelectMany(e => new[] { e.StartTime, e.EndTime }).OfType<LocalTime>().Append(LocalTime.Midnight).Distinct();

    public IEnumerable<int> DurationThresholdsSeconds =>
        _elements.SelectMany(e => new[] { e.MinDuration, e.MaxDuration }).OfType<int>().Distinct().Order();

    public IReadOnlyList<decimal> KwhThresholds =>
        _elements.SelectMany(e => new[] { e.MinKwh, e.MaxKwh }).OfType<decimal>().Where(k => k > 0).Distinct().Order().ToList();

    public ComponentSelection Select(PeriodContext context)
    {
        var dimensions = context.Phase == PricingPhase.Session ? SessionDimensions : ReservationDimensions;
        var candidates = OrderedCandidates(context).ToList();
        var outcomes = candidates.ToDictionary(e => e.Index, e => e.Evaluate(context));
        var chosen = new Dictionary<TariffDimensionType, SelectedComponent>();
        var notes = new List<SelectionNote>();

        foreach (var dimension in dimensions)
        {
            foreach (var element in candidates)
            {
                var componentIndex = element.IndexOfFirstComponent(dimension);
                if (componentIndex < 0) continue;
                var outcome = outcomes[element.Index];
                if (outcome == RestrictionOutcome.Unknown)
                    notes.Add(new SelectionNote(dimension,
                        $"elements[{element.Index}] not applied: its current restriction needs a measured current"));
                if (outcome != RestrictionOutcome.Met) continue;
                chosen[dimension] = new SelectedComponent(
                    element.Index, componentIndex, element.Element.PriceComponents[componentIndex], element.PricesOnlyParking);
                break;
            }
        }
        return new ComponentSelection(chosen, notes);
    }

    /// <summary>
    /// The first matching element per dimension wins, in tariff order. An expired reservation prefers RESERVATION_EXPIRES
    /// elements over RESERVATION ones wherever they sit, as the spec says when both price TIME.
    /// </summary>
    private IEnumerable<ElementRule> OrderedCandidates(PeriodContext context) =>
        context is { Phase: PricingPhase.Reservation, ReservationExpired: true }
            ? _elements.OrderBy(e => e.Reservation == ReservationRestrictionType.ReservationExpires ? 0 : 1).ThenBy(e => e.Index)
            : _elements;

    private sealed class ElementRule
    {
        private readonly LocalDate? _startDate;
        private readonly LocalDate? _endDate;
        private readonly HashSet<IsoDayOfWeek>? _days;
        private readonly TariffRestrictions? _restrictions;

        public ElementRule(int index, TariffElement element)
        {
            Index = index;
            Element = element;
            _restrictions = element.Restrictions;
            var path = $"elements[{index}].restrictions";
            if (_restrictions is null) return;

            if (_restrictions.StartTime is { } start) StartTime = RestrictionFormats.ParseTimeOfDay(start, $"{path}.start_time");
            if (_restrictions.EndTime is { } end) EndTime = RestrictionFormats.ParseTimeOfDay(end, $"{path}.end_time");
            if (_restrictions.StartDate is { } startDate) _startDate = RestrictionFormats.ParseDate(startDate, $"{path}.start_date");
            if (_restrictions.EndDate is { } endDate) _endDate = RestrictionFormats.ParseDate(endDate, $"{path}.end_date");
            if (_restrictions.DayOfWeek is { Count: > 0 } days) _days = days.Select(d => (IsoDayOfWeek)(int)d).ToHashSet();
            Reservation = _restrictions.Reservation;
        }

        public int Index { get; }
        public TariffElement Element { get; }
        public LocalTime? StartTime { get; }
        public LocalTime? EndTime { get; }
        public ReservationRestrictionType? Reservation { get; }
        public decimal? MinKwh => _restrictions?.MinKwh;
        public decimal? MaxKwh => _restrictions?.MaxKwh;
        public int? MinDuration => _restrictions?.MinDuration;
        public int? MaxDuration => _restrictions?.MaxDuration;

        public bool HasCalendarRestriction =>
            StartTime is not null || EndTime is not null || _startDate is not null || _endDate is not null || _days is not null;

        /// <summary>
        /// A FLAT fee in an element that prices parking and neither energy nor charging time is a parking fee:
        /// OCPI counts it in total_parking_cost, not total_fixed_cost.
        /// </summary>
        public bool PricesOnlyParking =>
            Element.PriceComponents.Any(c => c.Type == TariffDimensionType.ParkingTime) &&
            !Element.PriceComponents.Any(c => c.Type is TariffDimensionType.Energy or TariffDimensionType.Time);

        public int IndexOfFirstComponent(TariffDimensionType type)
        {
            for (var i = 0; i < Element.PriceComponents.Count; i++)
            {
                if (Element.PriceComponents[i].Type == type) return i;
            }
            return -1;
        }

        public RestrictionOutcome Evaluate(PeriodContext context)
        {
            if (!MatchesReservation(context)) return RestrictionOutcome.NotMet;
            if (_restrictions is null) return RestrictionOutcome.Met;

            var localDate = context.LocalStart.Date;
            if (!MatchesTimeOfDay(context.LocalStart.TimeOfDay)) return RestrictionOutcome.NotMet;
            if (_startDate is { } startDate && localDate < startDate) return RestrictionOutcome.NotMet;
            if (_endDate is { } endDate && localDate >= endDate) return RestrictionOutcome.NotMet; // end_date is exclusive
            if (_days is not null && !_days.Contains(localDate.DayOfWeek)) return RestrictionOutcome.NotMet;
            if (!InRange(context.EnergySoFarKwh, _restrictions.MinKwh, _restrictions.MaxKwh)) return RestrictionOutcome.NotMet;
            if (!InRange(context.SecondsSincePhaseStart, _restrictions.MinDuration, _restrictions.MaxDuration)) return RestrictionOutcome.NotMet;

            var power = MeasuredInRange(context.PowerKw, _restrictions.MinPower, _restrictions.MaxPower);
            var current = MeasuredInRange(context.CurrentA, _restrictions.MinCurrent, _restrictions.MaxCurrent);
            if (power == RestrictionOutcome.NotMet || current == RestrictionOutcome.NotMet) return RestrictionOutcome.NotMet;
            if (power == RestrictionOutcome.Unknown || current == RestrictionOutcome.Unknown) return RestrictionOutcome.Unknown;
            return RestrictionOutcome.Met;
        }

        /// <summary>Reservation elements price only reservations; the others price only the session.</summary>
        private bool MatchesReservation(PeriodContext context) => context.Phase switch
        {
            PricingPhase.Session => Reservation is null,
            _ => Reservation == ReservationRestrictionType.Reservation ||
                 (Reservation == ReservationRestrictionType.ReservationExpires && context.ReservationExpired),
        };

        /// <summary>[start, end) in local time; end before start wraps past midnight; an end of 00:00 means the end of the day.</summary>
        private bool MatchesTimeOfDay(LocalTime time)
        {
            if (StartTime is null && EndTime is null) return true;
            var start = (StartTime ?? LocalTime.Midnight).TickOfDay;
            var end = EndTime is { } endTime && endTime != LocalTime.Midnight ? endTime.TickOfDay : NodaConstants.TicksPerDay;
            var now = time.TickOfDay;
            return start < end ? now >= start && now < end : now >= start || now < end;
        }

        /// <summary>min inclusive, max exclusive, as the spec defines every min_/max_ restriction.</summary>
        private static bool InRange(decimal value, decimal? min, decimal? max) =>
            (min is null || value >= min) && (max is null || value < max);

        private static RestrictionOutcome MeasuredInRange(decimal? value, decimal? min, decimal? max)
        {
            if (min is null && max is null) return RestrictionOutcome.Met;
            if (value is null) return RestrictionOutcome.Unknown;
            return InRange(value.Value, min, max) ? RestrictionOutcome.Met : RestrictionOutcome.NotMet;
        }
    }
}
