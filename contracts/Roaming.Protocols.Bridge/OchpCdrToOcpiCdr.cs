using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;
using Roaming.Protocols.Ocpi.Locations;
using OchpTokenType = Roaming.Protocols.Ochp.TokenType;
using OcpiTokenType = Roaming.Protocols.Ocpi.TokenType;
using OcpiAuthMethod = Roaming.Protocols.Ocpi.AuthMethod;

namespace Roaming.Protocols.Bridge;

/// <summary>
/// A CDR a CPO sent us through the clearing house (OCHP <c>CDRInfo</c>) → the OCPI 2.2.1 CDR Charging's reconciliation
/// re-prices (pure). The CPO's party is the EVSE-ID's operator; the CDR keeps its OCHP CdrId.
/// <list type="bullet">
/// <item>OCHP periods are one per billed item and may overlap; those starting at the same instant become one OCPI
/// charging period (that is how an OCPI CDR's periods reach OCHP): energy → ENERGY (kWh), usagetime → TIME (h),
/// parkingtime → PARKING_TIME (h), reservationtime → RESERVATION_TIME (h), power → MAX_POWER (kW). serviceFee and
/// reservation are one-off prices with no OCPI dimension: the tariff's FLAT component prices them.</item>
/// <item><c>total_cost</c> is the CDR's totalCost (net) or, when it left it out, the sum of its period costs; no VAT
/// (OCHP states amounts excl. VAT only). <c>total_energy</c>, <c>total_parking_time</c> are the sums of their periods,
/// <c>total_time</c> the session's length.</item>
/// <item><paramref name="contractId"/> is what goes into <c>cdr_token.contract_id</c> (the caller passes it encrypted
/// under the holder's key, as Charging keeps contract ids); the token's party is the contract's provider.</item>
/// <item>Every period names <paramref name="tariffId"/> (the OCPI id of the tariff that prices the CDR), when known.</item>
/// <item>The CDR's location is its EVSE (id, uid and evse_id the EVSE-ID), connector 1 of the CDR's connector type
/// (AC taken as AC_3_PHASE). OCHP CDRs carry no position: OCPI requires one, so a CDR for an OCPI e-MSP needs
/// <paramref name="position"/>, the EVSE's position from its operator's charge point list; without it cdr_location has no
/// coordinates (enough for Charging's re-pricing, not for an OCPI party).</item>
/// </list>
/// </summary>
public static class OchpCdrToOcpiCdr
{
    public static Bridged<Cdr> Map(CdrInfo cdr, string contractId, string? tariffId, Instant receivedAt, GeoLocation? position = null)
    {
        var problems = new List<string>();
        if (!EvseId.TryParse(cdr.EvseId, out var evse))
            problems.Add($"evseId '{cdr.EvseId}' is not an EVSE-ID");
        if (!ContractId.TryParse(cdr.ContractId, out var contract))
            problems.Add($"contractId '{cdr.ContractId}' is not a contract id (EMAID)");
        if (!LocalDateTimeType.TryParse(cdr.StartDateTime.LocalDateTime, out var start) || !LocalDateTimeType.TryParse(cdr.EndDateTime.LocalDateTime, out var end))
        {
            problems.Add("startDateTime and endDateTime must be local date-times with an offset");
            start = end = default;
        }
        var periods = new List<(Instant Start, BillingItem Item, decimal Value, decimal ItemPrice, decimal? Cost)>();
        foreach (var (period, index) in cdr.ChargingPeriods.Select((p, i) => (p, i)))
        {
            if (LocalDateTimeType.TryParse(period.StartDateTime.LocalDateTime, out var periodStart))
                periods.Add((periodStart.ToInstant(), period.BillingItem.Value, period.BillingValue, period.ItemPrice, period.PeriodCost));
            else
                problems.Add($"chargingPeriods[{index}].startDateTime is not a local date-time with an offset");
        }
        if (periods.Count == 0 && problems.Count == 0)
            problems.Add("chargingPeriods is empty");
        if (problems.Count > 0)
            return Bridged<Cdr>.Refused(problems);

        var startInstant = start.ToInstant();
        var endInstant = end.ToInstant();
        var chargingPeriods = periods.GroupBy(p => p.Start).OrderBy(g => g.Key)
            .Select(group => new ChargingPeriod
            {
                StartDateTime = group.Key,
                Dimensions = group.Select(p => Dimension(p.Item) is { } type ? new CdrDimension { Type = type, Volume = p.Value } : null)
                    .OfType<CdrDimension>().ToList(),
                TariffId = tariffId,
            })
            .Where(period => period.Dimensions!.Count > 0)
            .ToList();
        var parkingTime = periods.Where(p => p.Item == BillingItem.ParkingTime).Sum(p => p.Value);
        var totalCost = cdr.TotalCost ?? periods.Sum(p => p.Cost ?? p.Value * p.ItemPrice);
        return Bridged<Cdr>.Of(new Cdr
        {
            CountryCode = evse.OperatorId.Country,
            PartyId = evse.OperatorId.Party,
            Id = cdr.CdrId,
            StartDateTime = startInstant,
            EndDateTime = endInstant,
            CdrToken = new CdrToken
            {
                CountryCode = contract.ProviderId.Country,
                PartyId = contract.ProviderId.Party,
                Uid = cdr.EmtId.Instance,
                Type = cdr.EmtId.TokenType == OchpTokenType.Rfid ? OcpiTokenType.Rfid : OcpiTokenType.Other,
                ContractId = contractId,
            },
            // OCHP does not say how the session was authorised; a remote token was started by a command (OCHPdirect).
            AuthMethod = cdr.EmtId.TokenType == OchpTokenType.Remote ? OcpiAuthMethod.Command : OcpiAuthMethod.Whitelist,
            CdrLocation = new CdrLocation
            {
                // OCHP CDRs name no location: the EVSE stands for it.
                Id = evse.Text,
                Address = cdr.ChargePointAddress.Address,
                City = cdr.ChargePointAddress.City,
                PostalCode = cdr.ChargePointAddress.ZipCode,
                Country = cdr.ChargePointAddress.Country,
                Coordinates = position,
                EvseUid = evse.Text,
                EvseId = evse.Text,
                ConnectorId = "1",
                ConnectorStandard = OchpConnectors.OcpiStandard(cdr.ConnectorType.ConnectorStandard.Value),
                ConnectorFormat = OchpConnectors.OcpiFormat(cdr.ConnectorType.ConnectorFormat.Value),
                ConnectorPowerType = cdr.ChargePointType == ChargePointType.DC ? PowerType.Dc : PowerType.Ac3Phase,
            },
            MeterId = cdr.MeterId,
            Currency = cdr.Currency.ToUpperInvariant(),
            ChargingPeriods = chargingPeriods,
            TotalCost = new Price(totalCost),
            TotalEnergy = periods.Where(p => p.Item == BillingItem.Energy).Sum(p => p.Value),
            TotalTime = (decimal)(endInstant - startInstant).TotalHours,
            TotalParkingTime = parkingTime > 0m ? parkingTime : null,
            LastUpdated = receivedAt,
        });
    }

    /// <summary>The OCPI dimension an OCHP billing item measures; null for one-off prices (serviceFee, reservation).</summary>
    public static CdrDimensionType? Dimension(BillingItem item) => item switch
    {
        BillingItem.Energy => CdrDimensionType.Energy,
        BillingItem.UsageTime => CdrDimensionType.Time,
        BillingItem.ParkingTime => CdrDimensionType.ParkingTime,
        BillingItem.ReservationTime => CdrDimensionType.ReservationTime,
        BillingItem.Power => CdrDimensionType.MaxPower,
        _ => null,
    };
}
