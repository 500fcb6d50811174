using NodaTime;
using Shouldly;
using Xunit;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;


namespace Roaming.Protocols.Ocpi.Tests.Tariffs;

/// <summary>Each bad field is reported under its own JSON path, and only that one.</summary>
public class TariffValidationTests
{
    private static readonly TariffRestrictions ValidRestrictions = new()
    {
        StartTime = "08:00", EndTime = "20:00", StartDate = "2024-01-01", EndDate = "2025-01-01",
        MinKwh = 0m, MaxKwh = 100m, MinCurrent = 6m, MaxCurrent = 32m, MinPower = 1m, MaxPower = 22m,
        MinDuration = 0, MaxDuration = 3600, DayOfWeek = [TariffDayOfWeek.Monday, TariffDayOfWeek.Sunday],
    };

    /// <summary>A tariff that uses every field correctly.</summary>
    private static readonly Tariff Valid = new()
    {
        CountryCode = "NL",
        PartyId = "RMG",
        Id = "T-1",
        Currency = "EUR",
        Type = TariffType.Regular,
        TariffAltText = [new DisplayText("en", "0.25 per kWh"), new DisplayText("nl", "0,25 per kWh")],
        TariffAltUrl = "https://example.com/tariffs/1",
        MinPrice = new Price(0.50m, 0.60m),
        MaxPrice = new Price(50m, 60m),
        Elements =
        [
            new TariffElement
            {
                PriceComponents =
                [
                    new PriceComponent { Type = TariffDimensionType.Flat, Price = 0.50m, Vat = 21m, StepSize = 0 },
                    new PriceComponent { Type = TariffDimensionType.Energy, Price = 0.25m, Vat = 21m, StepSize = 1 },
                ],
                Restrictions = ValidRestrictions,
            },
        ],
        EnergyMix = new EnergyMix
        {
            IsGreenEnergy = true,
            EnergySources = [new EnergySource(EnergySourceCategory.Solar, 100m)],
            EnvironImpact = [new EnvironmentalImpact(EnvironmentalImpactCategory.CarbonDioxide, 0m)],
            SupplierName = "Green Power",
            EnergyProductName = "Sun",
        },
        StartDateTime = Instant.FromUtc(2024, 1, 1, 0, 0),
        EndDateTime = Instant.FromUtc(2025, 1, 1, 0, 0),
        LastUpdated = Instant.FromUtc(2023, 12, 20, 12, 0),
    };

    public sealed record BadField(string Description, Func<Tariff, Tariff> Break, string Path)
    {
        public override string ToString() => Description;
    }

    private static Tariff WithComponent(Tariff tariff, int index, Func<PriceComponent, PriceComponent> change) =>
        tariff with
        {
            Elements = [tariff.Elements[0] with { PriceComponents = tariff.Elements[0].PriceComponents.Select((c, i) => i == index ? change(c) : c).ToList() }],
        };

    private static Tariff WithRestrictions(Tariff tariff, Func<TariffRestrictions, TariffRestrictions> change) =>
        tariff with { Elements = [tariff.Elements[0] with { Restrictions = change(tariff.Elements[0].Restrictions!) }] };

    public static TheoryData<BadField> BadFields => new()
    {
        new("country code of three letters", t => t with { CountryCode = "NLD" }, "country_code"),
        new("country code with a digit", t => t with { CountryCode = "N1" }, "country_code"),
        new("country code that names no country", t => t with { CountryCode = "QQ" }, "country_code"),
        new("empty country code", t => t with { CountryCode = "" }, "country_code"),
        new("party id of two characters", t => t with { PartyId = "RM" }, "party_id"),
        new("id longer than 36", t => t with { Id = new string('x', 37) }, "id"),
        new("id with non-ASCII", t => t with { Id = "tarif-é" }, "id"),
        new("null id", t => t with { Id = null! }, "id"),
        new("currency that is no ISO 4217 code", t => t with { Currency = "EURO" }, "currency"),
        new("currency in lower case", t => t with { Currency = "eur" }, "currency"),
        new("undefined tariff type", t => t with { Type = (TariffType)42 }, "type"),
        new("alt text language of three letters", t => t with { TariffAltText = [t.TariffAltText![0], new DisplayText("nld", "x")] }, "tariff_alt_text[1].language"),
        new("alt text longer than 512", t => t with { TariffAltText = [new DisplayText("en", new string('x', 513))] }, "tariff_alt_text[0].text"),
        new("alt text with a line break", t => t with { TariffAltText = [new DisplayText("en", "two\nlines")] }, "tariff_alt_text[0].text"),
        new("alt url that is not http", t => t with { TariffAltUrl = "ftp://example.com/t" }, "tariff_alt_url"),
        new("alt url that is relative", t => t with { TariffAltUrl = "/tariffs/1" }, "tariff_alt_url"),
        new("alt url longer than 255", t => t with { TariffAltUrl = "https://example.com/" + new string('x', 240) }, "tariff_alt_url"),
        new("negative min price", t => t with { MinPrice = new Price(-0.01m, 0m) }, "min_price.excl_vat"),
        new("negative max price incl. VAT", t => t with { MaxPrice = new Price(50m, -1m) }, "max_price.incl_vat"),
        new("max price below min price", t => t with { MaxPrice = new Price(0.40m, 60m) }, "max_price.excl_vat"),
        new("no elements", t => t with { Elements = [] }, "elements"),
        new("element without price components", t => t with { Elements = [new TariffElement { PriceComponents = [] }] }, "elements[0].price_components"),
        new("negative price", t => WithComponent(t, 1, c => c with { Price = -0.25m }), "elements[0].price_components[1].price"),
        new("VAT above 100 %", t => WithComponent(t, 1, c => c with { Vat = 121m }), "elements[0].price_components[1].vat"),
        new("negative VAT", t => WithComponent(t, 0, c => c with { Vat = -1m }), "elements[0].price_components[0].vat"),
        new("step size 0 for ENERGY", t => WithComponent(t, 1, c => c with { StepSize = 0 }), "elements[0].price_components[1].step_size"),
        new("negative step size for FLAT", t => WithComponent(t, 0, c => c with { StepSize = -1 }), "elements[0].price_components[0].step_size"),
        new("undefined dimension type", t => WithComponent(t, 1, c => c with { Type = (TariffDimensionType)9 }), "elements[0].price_components[1].type"),
        new("start time without leading zero", t => WithRestrictions(t, r => r with { StartTime = "8:00" }), "elements[0].restrictions.start_time"),
        new("start time 24:00", t => WithRestrictions(t, r => r with { StartTime = "24:00" }), "elements[0].restrictions.start_time"),
        new("end time with seconds", t => WithRestrictions(t, r => r with { EndTime = "20:00:00" }), "elements[0].restrictions.end_time"),
        new("end time with 60 minutes", t => WithRestrictions(t, r => r with { EndTime = "19:60" }), "elements[0].restrictions.end_time"),
        new("start date that does not exist", t => WithRestrictions(t, r => r with { StartDate = "2024-02-30" }), "elements[0].restrictions.start_date"),
        new("end date with slashes", t => WithRestrictions(t, r => r with { EndDate = "2025/01/01" }), "elements[0].restrictions.end_date"),
        new("end date not after start date", t => WithRestrictions(t, r => r with { EndDate = "2024-01-01" }), "elements[0].restrictions.end_date"),
        new("negative min kWh", t => WithRestrictions(t, r => r with { MinKwh = -1m }), "elements[0].restrictions.min_kwh"),
        new("max kWh not above min kWh", t => WithRestrictions(t, r => r with { MinKwh = 100m }), "elements[0].restrictions.max_kwh"),
        new("negative max current", t => WithRestrictions(t, r => r with { MinCurrent = null, MaxCurrent = -32m }), "elements[0].restrictions.max_current"),
        new("max power below min power", t => WithRestrictions(t, r => r with { MinPower = 50m }), "elements[0].restrictions.max_power"),
        new("negative min duration", t => WithRestrictions(t, r => r with { MinDuration = -60 }), "elements[0].restrictions.min_duration"),
        new("undefined weekday", t => WithRestrictions(t, r => r with { DayOfWeek = [TariffDayOfWeek.Monday, (TariffDayOfWeek)0] }), "elements[0].restrictions.day_of_week[1]"),
        new("undefined reservation type", t => WithRestrictions(t, r => r with { Reservation = (ReservationRestrictionType)7 }), "elements[0].restrictions.reservation"),
        new("energy source above 100 %", t => t with { EnergyMix = t.EnergyMix! with { EnergySources = [new EnergySource(EnergySourceCategory.Wind, 101m)] } }, "energy_mix.energy_sources[0].percentage"),
        new("negative environmental impact", t => t with { EnergyMix = t.EnergyMix! with { EnvironImpact = [new EnvironmentalImpact(EnvironmentalImpactCategory.NuclearWaste, -1m)] } }, "energy_mix.environ_impact[0].amount"),
        new("supplier name longer than 64", t => t with { EnergyMix = t.EnergyMix! with { SupplierName = new string('x', 65) } }, "energy_mix.supplier_name"),
        new("end date time not after start date time", t => t with { EndDateTime = t.StartDateTime }, "end_date_time"),
    };

    [Fact]
    public void a_tariff_using_every_field_correctly_is_valid()
    {
        TariffValidation.Validate(Valid).ToDictionary().ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public void a_bad_field_is_reported_under_its_json_path(BadField bad)
    {
        var errors = TariffValidation.Validate(bad.Break(Valid));

        errors.IsValid.ShouldBeFalse();
        errors.ToDictionary().Keys.ShouldBe([bad.Path]);
    }

    [Fact]
    public void every_bad_field_of_one_tariff_is_reported()
    {
        var tariff = Valid with { CountryCode = "X", Currency = "ZZZ", TariffAltUrl = "nope" };

        TariffValidation.Validate(tariff).ToDictionary().Keys.Order().ShouldBe(["country_code", "currency", "tariff_alt_url"]);
    }

    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("USD", 2)]
    [InlineData("GBP", 2)]
    [InlineData("CHF", 2)]
    [InlineData("SEK", 2)]
    [InlineData("NOK", 2)]
    [InlineData("DKK", 2)]
    [InlineData("PLN", 2)]
    [InlineData("CZK", 2)]
    [InlineData("HUF", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("ISK", 0)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    [InlineData("CLF", 4)]
    public void currencies_know_their_minor_units(string currency, int minorUnits)
    {
        Iso4217Currencies.IsKnown(currency).ShouldBeTrue();
        Iso4217Currencies.MinorUnits(currency).ShouldBe(minorUnits);
    }

    [Theory]
    [InlineData("HRK")] // replaced by EUR in 2023
    [InlineData("XAU")] // gold has no minor unit
    [InlineData("eur")]
    public void withdrawn_or_unit_less_codes_are_not_currencies_here(string code)
    {
        Iso4217Currencies.IsKnown(code).ShouldBeFalse();
    }
}
