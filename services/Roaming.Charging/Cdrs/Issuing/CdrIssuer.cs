using NodaTime;
using Roaming.Charging.Authorizations;
using Roaming.Charging.Cdrs.Ocpi;
using Roaming.Charging.Locations;
using Roaming.Protocols.Ocpi.Pricing;
using Roaming.Charging.Sessions;
using Roaming.Charging.Tariffs;
using Roaming.Platform.Identity;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Charging.Cdrs.Issuing;

/// <summary>Everything a CDR is made from, gathered by the glue; <see cref="CdrIssuer"/> itself does no I/O.</summary>
public sealed record CdrInputs(ChargingSession Session, TariffVersion? Tariff, string? TariffKey, LocationSnapshot Location, TokenSnapshot? Token, string DefaultCurrency);

public static class CdrIssuer
{
    private const string EnergyRegister = "Energy.Active.Import.Register";
    private const string PowerImport = "Power.Active.Import";
    private const string CurrentImport = "Current.Import";

    public static string CdrIdFor(string sessionId) => DeterministicGuid.From("cdr", sessionId).ToString();

    /// <summary>What the meter says happened, as the pricing engine's input. Energy never runs backwards.</summary>
    public static SessionUsage UsageOf(ChargingSession session, Instant end, decimal meterStopWh)
    {
        var samples = SamplesPerInstant(session.Samples);
        var activity = session.Statuses
            .Select(s => s.Status switch
            {
                "Charging" => new ActivityChange(s.At, true),
                // OCPI 2.2.1 (bug-fix text): parking is time the EV does not ask for power. An EVSE that withholds
                // power is still charging time for billing, even at zero power.
                "SuspendedEVSE" => new ActivityChange(s.At, Charging: true, EvseSuspended: true),
                "SuspendedEV" or "Finishing" => new ActivityChange(s.At, false),
                _ => null,
            })
            .OfType<ActivityChange>()
            .ToList();
        return UsageTimeline.FromSamples(session.Started.StartedAt, end, session.Started.MeterStartWh,
            Math.Max(session.Started.MeterStartWh, meterStopWh), samples, activity);
    }

    /// <summary>
    /// One <see cref="MeterSample"/> per instant with a reading (all phases together), in time order: the first register,
    /// power and current value recorded at that instant. One pass with a slot per instant, not a group per instant.
    /// Samples arrive in time order, the values of one instant together: then the slot is the last one or a new one, and
    /// the index of slots by instant is built only once a sample comes out of order.
    /// </summary>
    private static List<MeterSample> SamplesPerInstant(IReadOnlyList<MeterSampleRecorded> recorded)
    {
        var readings = new List<Readings>();
        Dictionary<Instant, int>? slotAt = null;
        var inOrder = true;
        foreach (var sample in recorded)
        {
            if (sample.Phase is not null || sample.Value is not { } value) continue;
            int slot;
            if (readings.Count > 0 && readings[^1].At == sample.At)
            {
                slot = readings.Count - 1;
            }
            else if (slotAt is null && (readings.Count == 0 || readings[^1].At < sample.At))
            {
                slot = readings.Count;
                readings.Add(new Readings { At = sample.At });
            }
            else
            {
                if (slotAt is null)
                {
                    slotAt = new Dictionary<Instant, int>(readings.Count * 2);
                    for (var i = 0; i < readings.Count; i++) slotAt.Add(readings[i].At, i);
                }
                if (!slotAt.TryGetValue(sample.At, out slot))
                {
                    slot = readings.Count;
                    slotAt.Add(sample.At, slot);
                    inOrder &= readings[^1].At < sample.At;
                    readings.Add(new Readings { At = sample.At });
                }
            }
            var at = readings[slot];
            switch (sample.Measurand)
            {
                case EnergyRegister: at.EnergyWh ??= value; break;
                case PowerImport: at.PowerW ??= value; break;
                case CurrentImport: at.CurrentA ??= value; break;
            }
            readings[slot] = at;
        }
        // Instants are distinct, so an unstable sort orders them as a stable one would.
        if (!inOrder) readings.Sort((a, b) => a.At.CompareTo(b.At));
        var samples = new List<MeterSample>(readings.Count);
        foreach (var at in readings) samples.Add(new MeterSample(at.At, at.EnergyWh, at.PowerW, at.CurrentA));
        return samples;
    }

    private struct Readings
    {
        public Instant At;
        public decimal? EnergyWh;
        public decimal? PowerW;
        public decimal? CurrentA;
    }

    /// <summary>
    /// The session priced up to its latest register reading (or its end): the running cost while ACTIVE. At least one
    /// second long, so a session with no reading yet still prices its start. Null without a tariff.
    /// </summary>
    public static PricedSession? PriceSoFar(CdrInputs inputs)
    {
        var charging = inputs.Session;
        var started = charging.Started;
        var lastReading = LastRegisterReading(charging.Samples);
        var until = charging.Ended?.EndedAt ?? Instant.Max(lastReading?.At ?? started.StartedAt, started.StartedAt + Duration.FromSeconds(1));
        return Price(inputs, until, charging.Ended?.MeterStopWh ?? lastReading?.Value ?? started.MeterStartWh);
    }

    /// <summary>The latest energy register reading (all phases), the last recorded of its instant; one pass, no sorting.</summary>
    private static MeterSampleRecorded? LastRegisterReading(IReadOnlyList<MeterSampleRecorded> samples)
    {
        MeterSampleRecorded? last = null;
        foreach (var sample in samples)
        {
            if (sample.Measurand == EnergyRegister && sample.Phase is null && sample.Value is not null && (last is null || sample.At >= last.At))
                last = sample;
        }
        return last;
    }

    public static PricedSession? Price(CdrInputs inputs, Instant end, decimal meterStopWh) =>
        inputs.Tariff is null ? null : Price(inputs.Tariff, inputs.Location.Location.TimeZone, inputs.Session, end, meterStopWh);

    /// <summary>
    /// Compiled once per tariff version and reused by every CDR and running cost priced with it (a hit is checked against
    /// the tariff's content). Bounded well above the number of tariff versions in use at once.
    /// </summary>
    private static readonly CompiledTariffCache CompiledTariffs = new(capacity: 4096);

    /// <summary>Prices a session (so far, or whole) with one tariff version in the location's IANA zone.</summary>
    public static PricedSession Price(TariffVersion tariff, string timeZone, ChargingSession session, Instant end, decimal meterStopWh) =>
        TariffCalculator.Price(CompiledTariffs.Get(tariff.Tariff, tariff.Version), DateTimeZoneProviders.Tzdb[timeZone],
            UsageOf(session, end, meterStopWh));

    public static CdrIssued Issue(CdrInputs inputs, Instant now)
    {
        var session = inputs.Session;
        var ended = session.Ended ?? throw new InvalidOperationException($"session {session.Id} has not ended");
        var priced = Price(inputs, ended.EndedAt, ended.MeterStopWh);
        var currency = inputs.Tariff?.Tariff.Currency ?? inputs.DefaultCurrency;
        var zero = new Price(0m, 0m);
        var cdrId = CdrIdFor(session.Id);
        var cdr = new Cdr
        {
            CountryCode = session.Started.CountryCode,
            PartyId = session.Started.PartyId,
            Id = cdrId,
            StartDateTime = session.Started.StartedAt,
            EndDateTime = ended.EndedAt,
            SessionId = session.Id,
            CdrToken = TokenOf(inputs),
            AuthMethod = session.Started.OcpiAuthMethod,
            AuthorizationReference = session.Started.AuthorizationReference,
            CdrLocation = LocationOf(inputs),
            MeterId = session.Started.ChargePointId,
            Currency = currency,
            Tariffs = inputs.Tariff is null ? null : [inputs.Tariff.Tariff],
            // OCPI requires at least one charging period, priced or not.
            ChargingPeriods = priced?.ChargingPeriods ??
            [
                new ChargingPeriod(session.Started.StartedAt,
                [
                    new CdrDimension(CdrDimensionType.Energy, session.EnergyKwh),
                    new CdrDimension(CdrDimensionType.Time, (decimal)(ended.EndedAt - session.Started.StartedAt).TotalHours),
                ]),
            ],
            SignedData = SignedDataOf(session),
            TotalCost = priced?.TotalCost ?? zero,
            TotalFixedCost = priced?.TotalFixedCost,
            TotalEnergy = priced?.TotalEnergy ?? session.EnergyKwh,
            TotalEnergyCost = priced?.TotalEnergyCost,
            TotalTime = priced?.TotalTime ?? (decimal)(ended.EndedAt - session.Started.StartedAt).TotalHours,
            TotalTimeCost = priced?.TotalTimeCost,
            TotalParkingTime = priced?.TotalParkingTime,
            TotalParkingCost = priced?.TotalParkingCost,
            TotalReservationCost = priced?.TotalReservationCost,
            Remark = Remark(inputs, ended),
            LastUpdated = now,
        };
        return new CdrIssued(cdrId, session.Id, inputs.TariffKey, inputs.Tariff?.Version, inputs.Location.Location.TimeZone, cdr, now);
    }

    private static string? Remark(CdrInputs inputs, SessionEnded ended) =>
        string.Join("; ", new[]
        {
            inputs.Tariff is null ? "no tariff at this connector: not priced" : null,
            ended.MeterWentBackwards ? "meter stop below meter start: energy set to 0" : null,
            ended.ClosedBySweep ? "no stop received: closed at the last known reading" : null,
        }.OfType<string>()) is { Length: > 0 } remark ? remark : null;

    private static CdrToken TokenOf(CdrInputs inputs)
    {
        var started = inputs.Session.Started;
        var uid = started.TokenUid ?? "UNKNOWN";
        return inputs.Token is { } known
            ? new CdrToken(known.Token.CountryCode, known.Token.PartyId, uid, known.Token.Type, known.Token.ContractId)
            : new CdrToken(started.CountryCode, started.PartyId, uid, "OTHER", uid);
    }

    private static CdrLocation LocationOf(CdrInputs inputs)
    {
        var started = inputs.Session.Started;
        var location = inputs.Location.Location;
        var found = inputs.Location.Find(started.EvseUid, started.ConnectorId);
        return new CdrLocation(location.LocationId, location.Name, location.Address, location.City, location.PostalCode,
            location.State, location.Country, new GeoLocation(location.Latitude, location.Longitude),
            started.EvseUid, found?.Evse.EvseId ?? started.EvseUid, started.ConnectorId,
            found?.Connector.Standard ?? "IEC_62196_T2", found?.Connector.Format ?? "SOCKET", found?.Connector.PowerType ?? "AC_3_PHASE");
    }

    /// <summary>Signed meter values (OCMF / Eichrecht) are passed through untouched for the e-MSP's transparency software.</summary>
    private static SignedData? SignedDataOf(ChargingSession session)
    {
        var signed = session.Samples.Where(s => s.SignedData is not null).OrderBy(s => s.At).ToList();
        if (signed.Count == 0)
            return null;
        var values = signed.Select((s, i) => new SignedValue(
            i == 0 && s.Context == "Transaction.Begin" ? "Start" : s.Context == "Transaction.End" ? "End" : "Intermediate",
            "", s.SignedData!)).ToList();
        var encoding = signed[0].SignedData!.StartsWith("OCMF|", StringComparison.Ordinal) ? "OCMF" : "UNKNOWN";
        return new SignedData(encoding, null, null, values, null);
    }
}
