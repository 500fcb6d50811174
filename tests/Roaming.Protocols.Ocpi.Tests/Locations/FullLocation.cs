using NodaTime;
using Roaming.Protocols.Ocpi.Locations;
using Roaming.Protocols.Ocpi;


namespace Roaming.Protocols.Ocpi.Tests.Locations;

/// <summary>A Location that sets every field of every class once, built in code (not read), for the snapshot and round-trip tests.</summary>
internal static class FullLocation
{
    private static readonly Instant Updated = Instant.FromUtc(2026, 3, 14, 9, 26, 53);

    public static Location Create() => new()
    {
        CountryCode = "NL",
        PartyId = "RMG",
        Id = "LOC-0001",
        Publish = false,
        PublishAllowedTo =
        [
            new PublishTokenType { Uid = "04A1B2C3D4E5F6", Type = TokenType.Rfid },
            new PublishTokenType { VisualNumber = "NL-RMG-000123-4", Issuer = "Roaming Test eMSP", GroupId = "FLEET-7" },
        ],
        Name = "Stationsplein garage",
        Address = "Stationsplein 1",
        City = "Utrecht",
        PostalCode = "3511 ED",
        State = "Utrecht",
        Country = "NLD",
        Coordinates = new GeoLocation { Latitude = "52.0894444", Longitude = "5.1100000" },
        RelatedLocations =
        [
            new AdditionalGeoLocation
            {
                Latitude = "52.08950",
                Longitude = "5.10990",
                Name = new DisplayText { Language = "nl", Text = "Inrit garage" },
            },
        ],
        ParkingType = ParkingType.ParkingGarage,
        Evses =
        [
            new Evse
            {
                Uid = "EVSE-0001",
                EvseId = "NL*RMG*E0001*1",
                Status = EvseStatus.Available,
                StatusSchedule =
                [
                    new StatusSchedule
                    {
                        PeriodBegin = Instant.FromUtc(2026, 4, 1, 0, 0),
                        PeriodEnd = Instant.FromUtc(2026, 4, 2, 6, 0),
                        Status = EvseStatus.Inoperative,
                    },
                ],
                Capabilities = [Capability.RfidReader, Capability.RemoteStartStopCapable, Capability.StartSessionConnectorRequired],
                Connectors =
                [
                    new Connector
                    {
                        Id = "1",
                        Standard = ConnectorType.Iec62196T2,
                        Format = ConnectorFormat.Socket,
                        PowerType = PowerType.Ac3Phase,
                        MaxVoltage = 230,
                        MaxAmperage = 32,
                        MaxElectricPower = 22_000,
                        TariffIds = ["AC-STANDARD", "AC-GREEN"],
                        TermsAndConditions = "https://roaming.example/terms",
                        LastUpdated = Updated,
                    },
                    new Connector
                    {
                        Id = "2",
                        Standard = ConnectorType.Iec62196T2Combo,
                        Format = ConnectorFormat.Cable,
                        PowerType = PowerType.Dc,
                        MaxVoltage = 920,
                        MaxAmperage = 400,
                        MaxElectricPower = 150_000,
                        TariffIds = ["DC-FAST"],
                        LastUpdated = Updated,
                    },
                ],
                FloorLevel = "-1",
                Coordinates = new GeoLocation { Latitude = "52.089500", Longitude = "5.110100" },
                PhysicalReference = "P1-01",
                Directions = [new DisplayText { Language = "en", Text = "Level -1, left of the lifts" }],
                ParkingRestrictions = [ParkingRestriction.EvOnly, ParkingRestriction.Customers],
                Images =
                [
                    new Image
                    {
                        Url = "https://roaming.example/images/evse-0001.jpg",
                        Thumbnail = "https://roaming.example/images/evse-0001-thumb.jpg",
                        Category = ImageCategory.Charger,
                        Type = "jpeg",
                        Width = 800,
                        Height = 600,
                    },
                ],
                LastUpdated = Updated,
            },
        ],
        Directions = [new DisplayText { Language = "en", Text = "Enter from Croeselaan" }],
        Operator = new BusinessDetails
        {
            Name = "Roaming Charge Operator",
            Website = "https://roaming.example",
            Logo = new Image
            {
                Url = "https://roaming.example/logo.png",
                Category = ImageCategory.Operator,
                Type = "png",
                Width = 512,
                Height = 512,
            },
        },
        Suboperator = new BusinessDetails { Name = "Garage Services BV" },
        Owner = new BusinessDetails { Name = "Gemeente Utrecht", Website = "https://www.utrecht.nl" },
        Facilities = [Facility.TrainStation, Facility.Cafe],
        TimeZone = "Europe/Amsterdam",
        OpeningTimes = new Hours
        {
            TwentyFourSeven = false,
            RegularHours =
            [
                new RegularHours { Weekday = 1, PeriodBegin = "06:00", PeriodEnd = "23:30" },
                new RegularHours { Weekday = 7, PeriodBegin = "08:00", PeriodEnd = "20:00" },
            ],
            ExceptionalOpenings =
            [
                new ExceptionalPeriod { PeriodBegin = Instant.FromUtc(2026, 12, 31, 22, 0), PeriodEnd = Instant.FromUtc(2027, 1, 1, 3, 0) },
            ],
            ExceptionalClosings =
            [
                new ExceptionalPeriod { PeriodBegin = Instant.FromUtc(2026, 12, 25, 0, 0), PeriodEnd = Instant.FromUtc(2026, 12, 26, 0, 0) },
            ],
        },
        ChargingWhenClosed = true,
        Images =
        [
            new Image { Url = "https://roaming.example/images/entrance.jpg", Category = ImageCategory.Entrance, Type = "jpeg" },
        ],
        EnergyMix = new EnergyMix
        {
            IsGreenEnergy = false,
            EnergySources =
            [
                new EnergySource { Source = EnergySourceCategory.Wind, Percentage = 62.5m },
                new EnergySource { Source = EnergySourceCategory.Gas, Percentage = 37.5m },
            ],
            EnvironImpact = [new EnvironmentalImpact { Category = EnvironmentalImpactCategory.CarbonDioxide, Amount = 151.2m }],
            SupplierName = "Roaming Energy",
            EnergyProductName = "Mostly Wind",
        },
        LastUpdated = Updated,
    };
}
