using System.Globalization;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;
using Roaming.Protocols.Ocpi.Tariffs;
using OcpiTokenType = Roaming.Protocols.Ocpi.TokenType;
using OchpTokenType = Roaming.Protocols.Ochp.TokenType;

namespace Roaming.Protocols.Bridge;

/// <summary>
/// Our OCPI 2.2.1 CDR → an OCHP 1.4 <c>CDRInfo</c> for AddCDRs (pure). The CDR's <c>cdr_token.contract_id</c> must be in
/// clear. Times are the charge point's local time with its offset (<paramref name="zone"/>: the location's time zone).
/// Each OCPI charging period becomes one OCHP period per billable dimension (ENERGY → energy, TIME → usagetime,
/// PARKING_TIME → parkingtime, RESERVATION_TIME → reservationtime), ending where the next OCPI period starts; a FLAT
/// price becomes one serviceFee period over the whole session. The item price is the tariff's price component of that
/// dimension (the first element having one without restrictions, else the first having one at all: restrictions are
/// Charging's pricing engine's to evaluate, and OCHP only carries the unit price); totalCost is OCPI's total excl. VAT.
/// </summary>
public static class OcpiCdrToOchpCdr
{
    public static Bridged<CdrInfo> Map(Cdr cdr, OperatorId ourOperator, DateTimeZone zone)
    {
        var problems = new List<string>();
        var location = cdr.CdrLocation;
        if (cdr.Id is not { Length: > 0 })
            problems.Add("id is missing");
        if (cdr.StartDateTime is null || cdr.EndDateTime is null)
            problems.Add("start_date_time and end_date_time are required");
        if (location?.EvseId is not { } evseText || !EvseId.TryParse(evseText, out _))
            problems.Add($"cdr_location.evse_id '{location?.EvseId}' is not an EVSE-ID");
        var token = cdr.CdrToken;
        if (token?.Uid is not { Length: > 0 })
            problems.Add("cdr_token.uid is missing");
        if (token?.ContractId is not { } contract || !ContractId.TryParse(contract, out _))
            problems.Add($"cdr_token.contract_id '{token?.ContractId}' is not a contract id (EMAID)");
        if (location?.Country is not { } country || !Iso3166Countries.IsAlpha3(country.ToUpperInvariant()))
            problems.Add($"cdr_location.country '{location?.Country}' is not an ISO 3166 alpha-3 code");
        if (location?.ConnectorStandard is not { } standard || !standard.TryGetValue(out var standardValue)
            || location.ConnectorFormat is not { } format || !format.TryGetValue(out var formatValue)
            || OchpConnectors.Connector(standardValue, formatValue) is null)
            problems.Add($"cdr_location connector '{location?.ConnectorStandard}' has no OCHP connector standard");
        if (cdr.Currency is not { Length: 3 })
            problems.Add("currency is missing");
        if (cdr.ChargingPeriods is not { Count: > 0 })
            problems.Add("charging_periods is empty");
        if (location?.Address is not { Length: >= 2 })
            problems.Add("cdr_location.address must have at least 2 characters");
        if (problems.Count > 0)
            return Bridged<CdrInfo>.Refused(problems);

        var start = cdr.StartDateTime!.Value;
        var end = cdr.EndDateTime!.Value;
        var periods = Periods(cdr, start, end, zone);
        if (periods.Count == 0)
            return Bridged<CdrInfo>.Refused(["no charging period has a billable dimension (ENERGY, TIME, PARKING_TIME, RESERVATION_TIME)"]);
        var powerType = location!.ConnectorPowerType is { } power && power.TryGetValue(out var powerValue)
            ? OchpConnectors.ChargePointType(powerValue)
            : ChargePointType.AC;
        return Bridged<CdrInfo>.Of(new CdrInfo
        {
            CdrId = ClearingCdrId.Of(ourOperator, cdr.Id!),
            EvseId = location.EvseId!,
            EmtId = EmtId(token!.Uid!, token.Type),
            ContractId = token.ContractId!,
            Status = CdrStatusType.Of(CdrStatus.New),
            StartDateTime = LocalDateTimeType.From(start.InZone(zone).ToOffsetDateTime()),
            EndDateTime = LocalDateTimeType.From(end.InZone(zone).ToOffsetDateTime()),
            Duration = Duration(end - start),
            ChargePointAddress = Address(location.Address!, location.City, location.PostalCode, location.Country!),
            ChargePointType = powerType,
            ConnectorType = WithTariff(OchpConnectors.Connector(location.ConnectorStandard!.Value, location.ConnectorFormat!.Value)!, ourOperator, cdr),
            MeterId = cdr.MeterId is { Length: > 0 and <= 20 } meter ? meter : null,
            ChargingPeriods = periods.ToList(),
            TotalCost = cdr.TotalCost?.ExclVat,
            Currency = cdr.Currency!.ToUpperInvariant(),
        });
    }

    /// <summary>
    /// The tariff the CDR was priced with, under the id our tariff publishing gives it at the clearing house
    /// (<see cref="OcpiTariffToOchpTariff.TariffId"/>), so an e-MSP re-prices the CDR with exactly that tariff.
    /// </summary>
    private static ConnectorType WithTariff(ConnectorType connector, OperatorId ourOperator, Cdr cdr)
    {
        if (TariffOf(cdr, cdr.ChargingPeriods?.FirstOrDefault()?.TariffId)?.Id is { Length: > 0 } tariffId)
            connector.TariffId = OcpiTariffToOchpTariff.TariffId(ourOperator, tariffId);
        return connector;
    }

    public static EmtId EmtId(string uid, OcpiEnum<OcpiTokenType>? type) => new()
    {
        Instance = uid,
        // OCHP knows RFID cards, OCHPdirect/remote starts and ISO 15118 contracts; app and ad-hoc users started remotely.
        TokenType = type is { } known && known.TryGetValue(out var value) && value == OcpiTokenType.Rfid ? OchpTokenType.Rfid : OchpTokenType.Remote,
        Representation = TokenRepresentation.Plain,
    };

    public static AddressType Address(string address, string? city, string? postalCode, string countryAlpha3) => new()
    {
        Address = Cut(address, 45),
        City = Cut(string.IsNullOrWhiteSpace(city) ? "-" : city, 45),
        // zipCode is [A-Z0-9 \-]{1,10}: upper case, other characters dropped.
        ZipCode = ZipCode(postalCode),
        Country = countryAlpha3.ToUpperInvariant(),
    };

    /// <summary><c>hhh:mm:ss</c>, as OCHP's duration pattern <c>\d{3}:\d\d:\d\d</c> wants (hours beyond 999 are capped).</summary>
    public static string Duration(NodaTime.Duration duration)
    {
        var seconds = Math.Max(0L, (long)duration.TotalSeconds);
        var hours = Math.Min(999L, seconds / 3600);
        return string.Create(CultureInfo.InvariantCulture, $"{hours:000}:{seconds / 60 % 60:00}:{seconds % 60:00}");
    }

    private static IReadOnlyList<CdrPeriodType> Periods(Cdr cdr, Instant start, Instant end, DateTimeZone zone) =>
        BilledPeriods(cdr, start, end).Select(p => Period(p.Start, p.End, zone, p.Item, p.Value, p.Price)).ToList();

    /// <summary>One OCHP billed period of an OCPI CDR: its item, the dimension's volume and the tariff's price for it (null when unknown).</summary>
    public sealed record BilledPeriod(Instant Start, Instant End, BillingItem Item, decimal Value, decimal? Price);

    /// <summary>
    /// An OCPI CDR's periods as OCHP bills them (pure; shared by this mapping and the hub's clearing facts): one per
    /// charging period and billed dimension, from its start to the next period's (clamped to the session), priced from
    /// the period's tariff in the CDR; the tariff's FLAT price as one serviceFee over the whole session.
    /// </summary>
    public static IReadOnlyList<BilledPeriod> BilledPeriods(Cdr cdr, Instant start, Instant end)
    {
        var periods = new List<BilledPeriod>();
        var charging = (cdr.ChargingPeriods ?? []).Where(p => p.StartDateTime is not null).OrderBy(p => p.StartDateTime).ToList();
        for (var i = 0; i < charging.Count; i++)
        {
            var periodStart = Clamp(charging[i].StartDateTime!.Value, start, end);
            var periodEnd = i + 1 < charging.Count ? Clamp(charging[i + 1].StartDateTime!.Value, start, end) : end;
            var tariff = TariffOf(cdr, charging[i].TariffId);
            foreach (var dimension in charging[i].Dimensions ?? [])
            {
                if (dimension.Type is not { } type || !type.TryGetValue(out var dimensionType) || dimension.Volume is not { } volume)
                    continue;
                if (BillingItemOf(dimensionType) is not var (item, priced))
                    continue;
                periods.Add(new BilledPeriod(periodStart, periodEnd, item, volume, PriceOf(tariff, priced)));
            }
        }
        if (FlatPrice(cdr) is { } flat)
            periods.Add(new BilledPeriod(start, end, BillingItem.ServiceFee, 1m, flat));
        return periods;
    }

    private static CdrPeriodType Period(Instant start, Instant end, DateTimeZone zone, BillingItem item, decimal value, decimal? price) => new()
    {
        StartDateTime = LocalDateTimeType.From(start.InZone(zone).ToOffsetDateTime()),
        EndDateTime = LocalDateTimeType.From(end.InZone(zone).ToOffsetDateTime()),
        BillingItem = BillingItemType.Of(item),
        BillingValue = value,
        ItemPrice = price ?? 0m,
        PeriodCost = price is { } known ? value * known : 0m,
    };

    /// <summary>The OCHP billing item of an OCPI dimension and the price component type pricing it; null for dimensions that are not billed.</summary>
    public static (BillingItem Item, TariffDimensionType PricedBy)? BillingItemOf(CdrDimensionType dimension) => dimension switch
    {
        CdrDimensionType.Energy => (BillingItem.Energy, TariffDimensionType.Energy),
        CdrDimensionType.Time => (BillingItem.UsageTime, TariffDimensionType.Time),
        CdrDimensionType.ParkingTime => (BillingItem.ParkingTime, TariffDimensionType.ParkingTime),
        CdrDimensionType.ReservationTime => (BillingItem.ReservationTime, TariffDimensionType.Time),
        _ => null,
    };

    private static Tariff? TariffOf(Cdr cdr, string? tariffId) =>
        cdr.Tariffs?.FirstOrDefault(t => t.Id == tariffId) ?? cdr.Tariffs?.FirstOrDefault();

    private static decimal? PriceOf(Tariff? tariff, TariffDimensionType type)
    {
        if (tariff is null)
            return null;
        var elements = tariff.Elements.Where(e => e.PriceComponents.Any(c => c.Type == type)).ToList();
        var element = elements.FirstOrDefault(e => e.Restrictions is null) ?? elements.FirstOrDefault();
        return element?.PriceComponents.First(c => c.Type == type).Price;
    }

    private static decimal? FlatPrice(Cdr cdr)
    {
        var tariff = TariffOf(cdr, cdr.ChargingPeriods?.FirstOrDefault()?.TariffId);
        var price = PriceOf(tariff, TariffDimensionType.Flat);
        return price is > 0m ? price : null;
    }

    private static Instant Clamp(Instant value, Instant min, Instant max) => value < min ? min : value > max ? max : value;

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private static string ZipCode(string? postalCode)
    {
        var kept = new string((postalCode ?? "").ToUpperInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-').ToArray()).Trim();
        return kept.Length == 0 ? "-" : Cut(kept, 10);
    }
}
