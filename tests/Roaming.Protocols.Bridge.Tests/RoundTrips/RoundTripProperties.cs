using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ochp.Tests;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Protocols.Ocpi.Tokens;
using OcpiTokenType = Roaming.Protocols.Ocpi.TokenType;

namespace Roaming.Protocols.Bridge.Tests.RoundTrips;

/// <summary>
/// What survives a trip through the other protocol and back (through XML/JSON, as the wire carries it): the mappings are
/// lossless there. What they lose on the way is listed in the bridge's mapping document, not here.
/// </summary>
public sealed class RoundTripProperties
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 12, 0);
    private static readonly Duration Validity = Duration.FromDays(30);

    private static string Uid(byte[] bytes) => Convert.ToHexString(bytes.Take(18).ToArray());

    private static string Contract(int instance) => $"DE8AAC{(instance & int.MaxValue) % 100_000_000:D8}";

    [Property]
    public Property An_OCPI_token_through_OCHP_and_back_keeps_its_uid_contract_validity_and_visual_number(NonEmptyArray<byte> uid, int instance, bool valid,
        bool printed)
    {
        var token = new Token
        {
            CountryCode = "DE", PartyId = "8AA", Uid = Uid(uid.Get), Type = OcpiTokenType.Rfid, ContractId = Contract(instance),
            VisualNumber = printed ? "Card 0042" : null, Issuer = "Mobility", Valid = valid, Whitelist = WhitelistType.Allowed, LastUpdated = Now,
        };
        var entry = OcpiTokenToOchpAuthorisation.Map(token, Now, Validity).Value!;
        var back = OchpAuthorisationToOcpiToken.Map(OchpXml.FromElement<RoamingAuthorisationInfo>(OchpXml.ToElement(entry)), Now).Value!;
        return (back.CountryCode == "DE" && back.PartyId == "8AA" && back.Uid == token.Uid && back.ContractId == token.ContractId
            && back.Valid == valid && back.VisualNumber == token.VisualNumber && back.Type!.Value == OcpiTokenType.Rfid).ToProperty();
    }

    [Property]
    public Property An_OCHP_authorisation_through_OCPI_and_back_keeps_its_instance_contract_and_validity(NonEmptyArray<byte> uid, int instance,
        int expiresInHours)
    {
        var entry = new RoamingAuthorisationInfo
        {
            EmtId = new EmtId { Instance = Uid(uid.Get), TokenType = Ochp.TokenType.Rfid, Representation = TokenRepresentation.Plain },
            ContractId = Contract(instance),
            ExpiryDate = DateTimeType.From(Now + Duration.FromHours(expiresInHours % 10_000 is 0 ? 1 : expiresInHours % 10_000)),
        };
        var token = OchpAuthorisationToOcpiToken.Map(entry, Now).Value!;
        var json = OcpiJson.Deserialize<Token>(OcpiJson.Serialize(token), new Contracts.Validation.FieldErrors())!;
        var back = OcpiTokenToOchpAuthorisation.Map(json, Now, Validity).Value!;
        var wasValid = entry.ExpiryDate.ToInstant() > Now;
        return (back.EmtId.Instance == entry.EmtId.Instance && back.ContractId == entry.ContractId
            && back.ExpiryDate.ToInstant() > Now == wasValid).ToProperty();
    }

    /// <summary>An OCHP CDR with energy periods of the generated volumes (Wh) and a parking period.</summary>
    private static CdrInfo OchpCdr(IReadOnlyList<PositiveInt> wattHours, PositiveInt centsPerKwh)
    {
        var cdr = OchpSamples.Cdr();
        var price = centsPerKwh.Get % 1000 / 100m;
        cdr.ChargingPeriods = wattHours.Take(20).Select((wh, i) => new CdrPeriodType
        {
            StartDateTime = OchpSamples.Local(1, 13, i), EndDateTime = OchpSamples.Local(1, 13, i + 1),
            BillingItem = BillingItemType.Of(BillingItem.Energy),
            BillingValue = wh.Get % 1_000_000 / 1000m, ItemPrice = price, PeriodCost = wh.Get % 1_000_000 / 1000m * price,
        }).ToList();
        cdr.TotalCost = cdr.ChargingPeriods.Sum(p => p.PeriodCost!.Value);
        cdr.EndDateTime = OchpSamples.Local(1, 14, 30);
        return cdr;
    }

    [Property]
    public Property An_OCHP_cdr_through_OCPI_and_back_keeps_its_money_energy_evse_and_contract(NonEmptyArray<PositiveInt> wattHours, PositiveInt centsPerKwh)
    {
        var cdr = OchpCdr(wattHours.Get, centsPerKwh);
        var ocpi = OchpCdrToOcpiCdr.Map(OchpXml.FromElement<CdrInfo>(OchpXml.ToElement(cdr)), cdr.ContractId, null, Now, new GeoLocation("52.520008", "13.404954")).Value!;
        var json = OcpiJson.Deserialize<Cdr>(OcpiJson.Serialize(ocpi), new Contracts.Validation.FieldErrors())!;
        var back = OcpiCdrToOchpCdr.Map(json, OperatorId.Parse("DE*ABC"), DateTimeZone.ForOffset(Offset.FromHours(2))).Value!;
        var energy = cdr.ChargingPeriods.Sum(p => p.BillingValue);
        return (CdrValidation.Validate(ocpi).IsValid && back.TotalCost == cdr.TotalCost && ocpi.TotalEnergy == energy
            && back.ChargingPeriods.Where(p => p.BillingItem.Value == BillingItem.Energy).Sum(p => p.BillingValue) == energy
            && back.EvseId == cdr.EvseId && back.ContractId == cdr.ContractId && back.StartDateTime.LocalDateTime == cdr.StartDateTime.LocalDateTime
            && back.EndDateTime.LocalDateTime == cdr.EndDateTime.LocalDateTime).ToProperty()
            .Label($"total {cdr.TotalCost} → {back.TotalCost}, energy {energy} → {ocpi.TotalEnergy}");
    }

    [Property]
    public Property An_OCPI_cdr_through_OCHP_and_back_keeps_its_money_and_energy(NonEmptyArray<PositiveInt> wattHours, PositiveInt cents)
    {
        var start = CpoSamples.Start;
        var periods = wattHours.Get.Take(20).Select((wh, i) => new ChargingPeriod
        {
            StartDateTime = start + Duration.FromMinutes(i), TariffId = "T-1",
            Dimensions = [new CdrDimension { Type = CdrDimensionType.Energy, Volume = wh.Get % 1_000_000 / 1000m }],
        }).ToList();
        var total = cents.Get % 1_000_000 / 100m;
        var cdr = CpoSamples.Cdr() with
        {
            EndDateTime = start + Duration.FromMinutes(periods.Count + 5), ChargingPeriods = periods, TotalCost = new Price(total),
            TotalEnergy = periods.Sum(p => p.Dimensions![0].Volume!.Value),
        };
        var ochp = OcpiCdrToOchpCdr.Map(cdr, OperatorId.Parse(CpoSamples.OurOperator), DateTimeZoneProviders.Tzdb["Europe/Berlin"]).Value!;
        var back = OchpCdrToOcpiCdr.Map(OchpXml.FromElement<CdrInfo>(OchpXml.ToElement(ochp)), CpoSamples.Contract, "T-1", Now).Value!;
        return (back.TotalCost!.ExclVat == total && back.TotalEnergy == cdr.TotalEnergy && back.StartDateTime == cdr.StartDateTime
            && back.EndDateTime == cdr.EndDateTime && back.CdrLocation!.EvseId == cdr.CdrLocation!.EvseId).ToProperty()
            .Label($"total {total} → {back.TotalCost.ExclVat}, energy {cdr.TotalEnergy} → {back.TotalEnergy}");
    }

    [Property]
    public Property An_OCPI_tariff_without_restrictions_through_OCHP_and_back_keeps_its_prices_and_steps(PositiveInt flatCents, PositiveInt energyCents,
        PositiveInt timeCents, PositiveInt energyStep, PositiveInt timeStepMinutes)
    {
        var tariff = new Tariff
        {
            CountryCode = "DE", PartyId = "ABC", Id = "T1", Currency = "EUR", LastUpdated = Now,
            Elements =
            [
                new TariffElement
                {
                    PriceComponents =
                    [
                        new PriceComponent { Type = TariffDimensionType.Flat, Price = flatCents.Get % 10_000 / 100m, StepSize = 1 },
                        new PriceComponent { Type = TariffDimensionType.Energy, Price = energyCents.Get % 10_000 / 100m, StepSize = energyStep.Get % 10_000 + 1 },
                        new PriceComponent { Type = TariffDimensionType.Time, Price = timeCents.Get % 10_000 / 100m, StepSize = (timeStepMinutes.Get % 120 + 1) * 60 },
                    ],
                },
            ],
        };
        var ochp = OcpiTariffToOchpTariff.Map(tariff, OperatorId.Parse("DE*ABC")).Value!;
        var back = OchpTariffToOcpiTariff.Map(OchpXml.FromElement<TariffInfo>(OchpXml.ToElement(ochp)), ProviderId.Parse("DE*8AA"), Now).Value!;
        var before = tariff.Elements.SelectMany(e => e.PriceComponents).Select(c => (c.Type, c.Price, c.StepSize)).ToList();
        var after = back.Elements.SelectMany(e => e.PriceComponents).Select(c => (c.Type, c.Price, c.StepSize)).ToList();
        return (before.SequenceEqual(after) && back.Currency == "EUR" && (back.CountryCode, back.PartyId) == ("DE", "ABC")).ToProperty()
            .Label(string.Join(", ", after));
    }
}
