using NodaTime;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Cdrs;
using Roaming.Protocols.Ocpi.Locations;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Bridge.Tests;

/// <summary>Our side's OCPI objects as Charging and Network publish them: the demo tariff (0.50 EUR per session + 0.30 EUR/kWh).</summary>
public static class CpoSamples
{
    public const string OurOperator = "DE*ABC";
    public const string EvseId = "DE*ABC*E0000001";
    public const string Contract = "DE8AACA2B3C4D5L";

    public static readonly Instant Start = Instant.FromUtc(2026, 1, 15, 9, 0);

    public static Tariff DemoTariff() => new()
    {
        CountryCode = "DE", PartyId = "ABC", Id = "T-1", Currency = "EUR",
        Elements =
        [
            new TariffElement
            {
                PriceComponents =
                [
                    new PriceComponent { Type = TariffDimensionType.Flat, Price = 0.50m, Vat = 21m, StepSize = 1 },
                    new PriceComponent { Type = TariffDimensionType.Energy, Price = 0.30m, Vat = 21m, StepSize = 1 },
                ],
            },
        ],
        LastUpdated = Start,
    };

    /// <summary>7.5 kWh in two periods (5 + 2.5 kWh) over 45 minutes: 0.50 + 2.25 = 2.75 EUR excl. VAT.</summary>
    public static Cdr Cdr(string id = "CDR0001", string evseId = EvseId, string contract = Contract, string connector = "IEC_62196_T2",
        string country = "DEU", string uid = "04A2B3C4D5E6F7") => new()
    {
        CountryCode = "DE", PartyId = "ABC", Id = id,
        StartDateTime = Start, EndDateTime = Start + Duration.FromMinutes(45),
        SessionId = "S-" + id,
        CdrToken = new CdrToken { CountryCode = "DE", PartyId = "8AA", Uid = uid, Type = TokenType.Rfid, ContractId = contract },
        AuthMethod = AuthMethod.Whitelist,
        CdrLocation = new CdrLocation
        {
            Id = "LOC1", Name = "Hauptbahnhof", Address = "Europaplatz 1", City = "Berlin", PostalCode = "10557", Country = country,
            Coordinates = new GeoLocation("52.525083", "13.369402"), EvseUid = "EVSE-1", EvseId = evseId, ConnectorId = "1",
            ConnectorStandard = new OcpiEnum<ConnectorType>(connector), ConnectorFormat = ConnectorFormat.Socket, ConnectorPowerType = PowerType.Ac3Phase,
        },
        Currency = "EUR",
        Tariffs = [DemoTariff()],
        ChargingPeriods =
        [
            new ChargingPeriod { StartDateTime = Start, TariffId = "T-1", Dimensions = [new CdrDimension { Type = CdrDimensionType.Energy, Volume = 5m }] },
            new ChargingPeriod
            {
                StartDateTime = Start + Duration.FromMinutes(30), TariffId = "T-1",
                Dimensions = [new CdrDimension { Type = CdrDimensionType.Energy, Volume = 2.5m }, new CdrDimension { Type = CdrDimensionType.MaxPower, Volume = 11m }],
            },
        ],
        TotalCost = new Price(2.75m, 3.33m),
        TotalEnergy = 7.5m,
        TotalTime = 0.75m,
        LastUpdated = Start + Duration.FromMinutes(46),
    };

    public static Location Location(string id = "LOC1", params Evse[] evses) => new()
    {
        CountryCode = "DE", PartyId = "ABC", Id = id, Publish = true, Name = "Hauptbahnhof", Address = "Europaplatz 1", City = "Berlin",
        PostalCode = "10557", Country = "DEU", Coordinates = new GeoLocation("52.525083", "13.369402"), ParkingType = ParkingType.ParkingGarage,
        Evses = evses.Length > 0 ? evses : [Evse("EVSE-1", EvseId)], TimeZone = "Europe/Berlin",
        OpeningTimes = new Hours { TwentyFourSeven = true }, LastUpdated = Start,
    };

    public static Evse Evse(string uid, string? evseId, EvseStatus status = EvseStatus.Available, string standard = "IEC_62196_T2") => new()
    {
        Uid = uid, EvseId = evseId, Status = status, Capabilities = [Capability.RfidReader, Capability.RemoteStartStopCapable],
        Connectors =
        [
            new Connector
            {
                Id = "1", Standard = new OcpiEnum<ConnectorType>(standard), Format = ConnectorFormat.Socket, PowerType = PowerType.Ac3Phase,
                MaxVoltage = 230, MaxAmperage = 32, TariffIds = ["T-1"], LastUpdated = Start,
            },
        ],
        LastUpdated = Start,
    };
}
