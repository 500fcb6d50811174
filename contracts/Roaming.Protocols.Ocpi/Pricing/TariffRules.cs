using System.Collections.Concurrent;
using System.Collections.Immutable;
using NodaTime;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Ocpi.Pricing;

/// <summary>Whether a period belongs to the charging session proper or to the reservation before it.</summary>
internal enum PricingPhase
{
    Session = 1,
    Reservation,
}

/// <summary>
/// What the restrictions are evaluated against, at the start of a period (OCPI: "at the start of each ChargingPeriod").
/// A struct: one is made for every slice of every session priced.
/// </summary>
internal readonly record struct PeriodContext(
    PricingPhase Phase,
    bool ReservationExpired,
    LocalDateTime LocalStart,
    decimal EnergySoFarKwh,
    long NanosecondsSincePhaseStart,
    decimal? PowerKw,
    decimal? CurrentA);

/// <summary>The component that prices one dimension in a period: <c>elements[ElementIndex].price_components[ComponentIndex]</c>.</summary>
internal sealed record SelectedComponent(int ElementIndex, int ComponentIndex, PriceComponent Component, bool ElementPricesOnlyParking);

/// <summary>
/// The dimensions a slice has volume in, which decide whether two neighbouring slices are priced identically.
/// FLAT is in every set: the first period with a FLAT component decides the fee.
/// </summary>
internal enum PricedDimensionSet
{
    Charging,
    Parking,
    ParkingWithEnergy,
    Reservation,
}

/// <summary>
/// The components active in a period, at most one per dimension, and why others were passed over. Immutable and shared:
/// a compiled tariff hands out one instance per distinct outcome of its restrictions.
/// </summary>
internal sealed class ComponentSelection
{
    private static readonly TariffDimensionType[][] DimensionsOfSet =
    [
        [TariffDimensionType.Flat, TariffDimensionType.Energy, TariffDimensionType.Time],
        [TariffDimensionType.Flat, TariffDimensionType.ParkingTime],
        [TariffDimensionType.Flat, TariffDimensionType.ParkingTime, TariffDimensionType.Energy],
        [TariffDimensionType.Flat, TariffDimensionType.Time],
    ];

    // Indexed by TariffDimensionType (1-based enum; slot 0 unused).
    private readonly SelectedComponent?[] _chosen = new SelectedComponent?[5];
    private readonly string?[] _mergeKeys = new string?[DimensionsOfSet.Length];

    public ComponentSelection(IEnumerable<KeyValuePair<TariffDimensionType, SelectedComponent>> chosen, IReadOnlyList<SelectionNote> notes)
    {
        foreach (var (type, component) in chosen) _chosen[(int)type] = component;
        Notes = notes;
    }

    public IReadOnlyList<SelectionNote> Notes { get; }

    public SelectedComponent? For(TariffDimensionType type) => _chosen[(int)type];

    /// <summary>
    /// Two neighbouring periods with the same key for the dimensions they have volume in are priced identically,
    /// so they may be merged into one charging period. Built once per selection and set, then compared by value.
    /// </summary>
    public string MergeKey(PricedDimensionSet set)
    {
        var index = (int)set;
        return _mergeKeys[index] ??= KeyFor(DimensionsOfSet[index]);
    }

    private string KeyFor(TariffDimensionType[] dimensions) =>
        string.Join(';', Enum.GetValues<TariffDimensionType>().Where(t => dimensions.Contains(t) && _chosen[(int)t] is not null)
            .Select(t => $"{t}:{_chosen[(int)t]!.ElementIndex}.{_chosen[(int)t]!.ComponentIndex}")) +
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

/// <summary>
/// The tariff's elements with their restrictions parsed once into plain comparisons, the points where a price can change,
/// and the choice of components for a period. Immutable after construction and safe to share between threads; selections
/// are memoised per outcome of the restrictions, so pricing a slice costs one evaluation of each element and a lookup.
/// </summary>
internal sealed class TariffRules
{
    private static readonly TariffDimensionType[] SessionDimensions =
        [TariffDimensionType.Flat, TariffDimensionType.Energy, TariffDimensionType.Time, TariffDimensionType.ParkingTime];

    // A reservation is priced by a FLAT fee and/or TIME for the reserved duration (OCPI ReservationRestrictionType).
    private static readonly TariffDimensionType[] ReservationDimensions = [TariffDimensionType.Flat, TariffDimensionType.Time];

    /// <summary>Outcomes take two bits per element in a 64-bit key beside the phase bits; larger tariffs are not memoised.</summary>
    private const int MaxMemoisedElements = 30;

    /// <summary>Distinct outcomes are few in practice; the bound keeps a pathological tariff from growing the memo without end.</summary>
    private const int MaxMemoisedSelections = 4096;

    private readonly ElementRule[] _elements;
    private readonly ElementRule[] _expiredReservationOrder;
    private readonly ConcurrentDictionary<ulong, ComponentSelection> _selections = new();

    public TariffRules(Tariff tariff)
    {
        _elements = tariff.Elements.Select((element, index) => new ElementRule(index, element)).ToArray();
        _expiredReservationOrder = _elements
            .OrderBy(e => e.Reservation == ReservationRestrictionType.ReservationExpires ? 0 : 1).ThenBy(e => e.Index).ToArray();
        HasCalendarRestrictions = _elements.Any(e => e.HasCalendarRestriction);
        TimeOfDayBoundaries = _elements.SelectMany(e => new[] { e.StartTime, e.EndTime }).OfType<LocalTime>()
            .Append(LocalTime.Midnight).Distinct().ToImmutableArray();
        DurationThresholdsSeconds = _elements.SelectMany(e => new[] { e.MinDuration, e.MaxDuration }).OfType<int>().Distinct().Order().ToImmutableArray();
        RestrictsPower = _elements.Any(e => e.RestrictsPower);
        RestrictsCurrent = _elements.Any(e => e.RestrictsCurrent);
        KwhThresholds = _elements.SelectMany(e => new[] { e.MinKwh, e.MaxKwh }).OfType<decimal>().Where(k => k > 0).Distinct().Order().ToImmutableArray();
    }

    public bool HasCalendarRestrictions { get; }

    // Immutable arrays, not IReadOnlyList: interface calls on an array go through a slow generic lookup, once per slice here.

    /// <summary>Local times of day where a restriction can switch, midnight included (dates and weekdays switch there).</summary>
    public ImmutableArray<LocalTime> TimeOfDayBoundaries { get; }

    public ImmutableArray<int> DurationThresholdsSeconds { get; }

    public ImmutableArray<decimal> KwhThresholds { get; }

    /// <summary>Whether any element has min_power/max_power; without, the power of a slice need not be worked out.</summary>
    public bool RestrictsPower { get; }

    /// <summary>Whether any element has min_current/max_current; without, the current of a slice cannot change a selection.</summary>
    public bool RestrictsCurrent { get; }

    public ComponentSelection Select(in PeriodContext context)
    {
        if (_elements.Length > MaxMemoisedElements) return Choose(context, Evaluate(context));

        // The choice depends only on the phase, whether the reservation expired and each element's outcome.
        var key = context.Phase == PricingPhase.Reservation ? (context.ReservationExpired ? 3UL : 2UL) : 1UL;
        foreach (var element in _elements)
            key = (key << 2) | (ulong)element.Evaluate(context);

        if (_selections.TryGetValue(key, out var known)) return known;
        var selection = Choose(context, Evaluate(context));
        if (_selections.Count < MaxMemoisedSelections) _selections.TryAdd(key, selection);
        return selection;
    }

    private RestrictionOutcome[] Evaluate(in PeriodContext context)
    {
        var outcomes = new RestrictionOutcome[_elements.Length];
        for (var i = 0; i < _elements.Length; i++) outcomes[i] = _elements[i].Evaluate(context);
        return outcomes;
    }

    /// <summary>
    /// The first matching element per dimension wins, in tariff order. An expired reservation prefers RESERVATION_EXPIRES
    /// elements over RESERVATION ones wherever they sit, as the spec says when both price TIME.
    /// </summary>
    private ComponentSelection Choose(in PeriodContext context, RestrictionOutcome[] outcomes)
    {
        var dimensions = context.Phase == PricingPhase.Session ? SessionDimensions : ReservationDimensions;
        var candidates = context is { Phase: PricingPhase.Reservation, ReservationExpired: true } ? _expiredReservationOrder : _elements;
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

    /// <summary>One element with its restrictions as ticks, dates, a weekday mask and decimals, compared without parsing or allocating.</summary>
    private sealed class ElementRule
    {
        private readonly LocalDate? _startDate;
        private readonly LocalDate? _endDate;
        /// <summary>Bit n set: ISO weekday n (1 = Monday) allowed; 0 when the element has no day_of_week.</summary>
        private readonly int _dayMask;
        private readonly bool _hasRestrictions;
        private readonly bool _hasTimeOfDay;
        private readonly long _startTick;
        private readonly long _endTick;
        private readonly decimal? _minKwh;
        private readonly decimal? _maxKwh;
        private readonly long? _minDurationNanoseconds;
        private readonly long? _maxDurationNanoseconds;
        private readonly decimal? _minPower;
        private readonly decimal? _maxPower;
        private readonly decimal? _minCurrent;
        private readonly decimal? _maxCurrent;
        private readonly int[] _firstComponentOf = new int[5];

        public ElementRule(int index, TariffElement element)
        {
            Index = index;
            Element = element;
            for (var type = 1; type < _firstComponentOf.Length; type++)
                _firstComponentOf[type] = FirstComponent(element, (TariffDimensionType)type);
            PricesOnlyParking =
                element.PriceComponents.Any(c => c.Type == TariffDimensionType.ParkingTime) &&
                !element.PriceComponents.Any(c => c.Type is TariffDimensionType.Energy or TariffDimensionType.Time);

            var restrictions = element.Restrictions;
            var path = $"elements[{index}].restrictions";
            if (restrictions is null) return;
            _hasRestrictions = true;

            if (restrictions.StartTime is { } start) StartTime = RestrictionFormats.ParseTimeOfDay(start, $"{path}.start_time");
            if (restrictions.EndTime is { } end) EndTime = RestrictionFormats.ParseTimeOfDay(end, $"{path}.end_time");
            if (restrictions.StartDate is { } startDate) _startDate = RestrictionFormats.ParseDate(startDate, $"{path}.start_date");
            if (restrictions.EndDate is { } endDate) _endDate = RestrictionFormats.ParseDate(endDate, $"{path}.end_date");
            if (restrictions.DayOfWeek is { Count: > 0 } days)
            {
                foreach (var day in days) _dayMask |= 1 << (int)day;
            }
            Reservation = restrictions.Reservation;

            // [start, end) in local time; end before start wraps past midnight; an end of 00:00 means the end of the day.
            _hasTimeOfDay = StartTime is not null || EndTime is not null;
            _startTick = (StartTime ?? LocalTime.Midnight).TickOfDay;
            _endTick = EndTime is { } endTime && endTime != LocalTime.Midnight ? endTime.TickOfDay : NodaConstants.TicksPerDay;

            (_minKwh, _maxKwh) = (restrictions.MinKwh, restrictions.MaxKwh);
            // Whole seconds as nanoseconds: the same comparison as in seconds, exactly, without decimal arithmetic per slice.
            (_minDurationNanoseconds, _maxDurationNanoseconds) =
                (restrictions.MinDuration * NodaConstants.NanosecondsPerSecond, restrictions.MaxDuration * NodaConstants.NanosecondsPerSecond);
            (_minPower, _maxPower) = (restrictions.MinPower, restrictions.MaxPower);
            (_minCurrent, _maxCurrent) = (restrictions.MinCurrent, restrictions.MaxCurrent);
            (MinKwh, MaxKwh, MinDuration, MaxDuration) = (restrictions.MinKwh, restrictions.MaxKwh, restrictions.MinDuration, restrictions.MaxDuration);
        }

        public int Index { get; }
        public TariffElement Element { get; }
        public LocalTime? StartTime { get; }
        public LocalTime? EndTime { get; }
        public ReservationRestrictionType? Reservation { get; }
        public decimal? MinKwh { get; }
        public decimal? MaxKwh { get; }
        public int? MinDuration { get; }
        public int? MaxDuration { get; }

        public bool RestrictsPower => _minPower is not null || _maxPower is not null;

        public bool RestrictsCurrent => _minCurrent is not null || _maxCurrent is not null;

        public bool HasCalendarRestriction =>
            StartTime is not null || EndTime is not null || _startDate is not null || _endDate is not null || _dayMask != 0;

        /// <summary>
        /// A FLAT fee in an element that prices parking and neither energy nor charging time is a parking fee:
        /// OCPI counts it in total_parking_cost, not total_fixed_cost.
        /// </summary>
        public bool PricesOnlyParking { get; }

        public int IndexOfFirstComponent(TariffDimensionType type) => _firstComponentOf[(int)type];

        private static int FirstComponent(TariffElement element, TariffDimensionType type)
        {
            for (var i = 0; i < element.PriceComponents.Count; i++)
            {
                if (element.PriceComponents[i].Type == type) return i;
            }
            return -1;
        }

        public RestrictionOutcome Evaluate(in PeriodContext context)
        {
            if (!MatchesReservation(context)) return RestrictionOutcome.NotMet;
            if (!_hasRestrictions) return RestrictionOutcome.Met;

            var localDate = context.LocalStart.Date;
            if (!MatchesTimeOfDay(context.LocalStart.TimeOfDay)) return RestrictionOutcome.NotMet;
            if (_startDate is { } startDate && localDate < startDate) return RestrictionOutcome.NotMet;
            if (_endDate is { } endDate && localDate >= endDate) return RestrictionOutcome.NotMet; // end_date is exclusive
            if (_dayMask != 0 && (_dayMask & (1 << (int)localDate.DayOfWeek)) == 0) return RestrictionOutcome.NotMet;
            if (!InRange(context.EnergySoFarKwh, _minKwh, _maxKwh)) return RestrictionOutcome.NotMet;
            if (_minDurationNanoseconds is { } minNs && context.NanosecondsSincePhaseStart < minNs) return RestrictionOutcome.NotMet;
            if (_maxDurationNanoseconds is { } maxNs && context.NanosecondsSincePhaseStart >= maxNs) return RestrictionOutcome.NotMet;

            var power = MeasuredInRange(context.PowerKw, _minPower, _maxPower);
            var current = MeasuredInRange(context.CurrentA, _minCurrent, _maxCurrent);
            if (power == RestrictionOutcome.NotMet || current == RestrictionOutcome.NotMet) return RestrictionOutcome.NotMet;
            if (power == RestrictionOutcome.Unknown || current == RestrictionOutcome.Unknown) return RestrictionOutcome.Unknown;
            return RestrictionOutcome.Met;
        }

        /// <summary>Reservation elements price only reservations; the others price only the session.</summary>
        private bool MatchesReservation(in PeriodContext context) => context.Phase switch
        {
            PricingPhase.Session => Reservation is null,
            _ => Reservation == ReservationRestrictionType.Reservation ||
                 (Reservation == ReservationRestrictionType.ReservationExpires && context.ReservationExpired),
        };

        private bool MatchesTimeOfDay(LocalTime time)
        {
            if (!_hasTimeOfDay) return true;
            var now = time.TickOfDay;
            return _startTick < _endTick ? now >= _startTick && now < _endTick : now >= _startTick || now < _endTick;
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
