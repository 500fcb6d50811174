using NodaTime;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

/// <summary>Small tariffs written in code, for cases the spec examples do not cover.</summary>
internal static class TestTariffs
{
    public static Tariff With(params TariffElement[] elements) => new()
    {
        CountryCode = "NL",
        PartyId = "RMG",
        Id = "test",
        Currency = "EUR",
        Elements = elements,
        LastUpdated = Instant.FromUtc(2024, 1, 1, 0, 0),
    };

    public static TariffElement Element(TariffRestrictions? restrictions, params PriceComponent[] components) =>
        new() { PriceComponents = components, Restrictions = restrictions };

    public static TariffElement Element(params PriceComponent[] components) => Element(null, components);

    public static PriceComponent Flat(decimal price, decimal? vat = null) => Component(TariffDimensionType.Flat, price, 0, vat);

    public static PriceComponent Energy(decimal price, int stepWh = 1, decimal? vat = null) =>
        Component(TariffDimensionType.Energy, price, stepWh, vat);

    public static PriceComponent Time(decimal price, int stepSeconds = 1, decimal? vat = null) =>
        Component(TariffDimensionType.Time, price, stepSeconds, vat);

    public static PriceComponent Parking(decimal price, int stepSeconds = 1, decimal? vat = null) =>
        Component(TariffDimensionType.ParkingTime, price, stepSeconds, vat);

    private static PriceComponent Component(TariffDimensionType type, decimal price, int step, decimal? vat) =>
        new() { Type = type, Price = price, StepSize = step, Vat = vat };
}
