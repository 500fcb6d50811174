using NodaTime;

namespace Roaming.Protocols.Ochp.Tests;

/// <summary>Realistic messages of every operation, as a CPO, an EMP and the clearing house would send them.</summary>
public static class OchpSamples
{
    private static readonly Offset Berlin = Offset.FromHours(2);

    public static LocalDateTimeType Local(int day, int hour, int minute, int second = 0) =>
        LocalDateTimeType.From(new LocalDateTime(2024, 6, day, hour, minute, second).WithOffset(Berlin));

    public static DateTimeType Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        DateTimeType.From(Instant.FromUtc(year, month, day, hour, minute));

    public static EmtId Rfid(string uid) =>
        new() { Instance = uid, TokenType = TokenType.Rfid, TokenSubType = TokenSubType.MifareClassic };

    public static AddressType Address() =>
        new() { HouseNumber = "12A", Address = "Friedrichstrasse", City = "Berlin", ZipCode = "10117", Country = "DEU" };

    /// <summary>A full CDR: 1 h 30 min, 22.5 kWh at 0.30 EUR plus 1.5 h parking at 1.20 EUR/h = 8.55 EUR net.</summary>
    public static CdrInfo Cdr(string cdrId = "DEABC000000000000000000000000000001", string evseId = "DE*ABC*E1234567*1") => new()
    {
        CdrId = cdrId,
        EvseId = evseId,
        EmtId = Rfid("04A2B3C4D5E6F7"),
        ContractId = "DE-8AA-CA2B3C4D5-L",
        Status = CdrStatusType.Of(CdrStatus.New),
        StartDateTime = Local(1, 13, 0),
        EndDateTime = Local(1, 14, 30),
        Duration = "001:30:00",
        ChargePointAddress = Address(),
        ChargePointType = ChargePointType.AC,
        ConnectorType = new ConnectorType
        {
            ConnectorStandard = ConnectorStandardType.Of(ConnectorStandard.IEC_62196_T2),
            ConnectorFormat = ConnectorFormatType.Of(ConnectorFormat.Socket),
            TariffId = "DE*ABC*T1",
        },
        Ratings = new RatingsType { MaximumPower = 22m, GuaranteedPower = 11m, NominalVoltage = 400 },
        MeterId = "METER-0815",
        ChargingPeriods =
        [
            new CdrPeriodType
            {
                StartDateTime = Local(1, 13, 0), EndDateTime = Local(1, 14, 30),
                BillingItem = BillingItemType.Of(BillingItem.Energy),
                BillingValue = 22.5m, ItemPrice = 0.30m, PeriodCost = 6.75m, TaxRate = 19,
            },
            new CdrPeriodType
            {
                StartDateTime = Local(1, 13, 0), EndDateTime = Local(1, 14, 30),
                BillingItem = BillingItemType.Of(BillingItem.ParkingTime),
                BillingValue = 1.5m, ItemPrice = 1.20m, PeriodCost = 1.80m, TaxRate = 19,
            },
        ],
        TotalCost = 8.55m,
        Currency = "EUR",
    };

    public static RoamingAuthorisationInfo Token(string uid = "04A2B3C4D5E6F7") => new()
    {
        EmtId = Rfid(uid),
        ContractId = "DE8AACA2B3C4D5L",
        PrintedNumber = "DE-8AA-CA2B3C4D5-L",
        ExpiryDate = Utc(2026, 12, 31, 23, 59),
    };

    public static ChargePointInfo ChargePoint(string evseId = "DE*ABC*E1234567*1") => new()
    {
        EvseId = evseId,
        LocationId = "BERLIN 0001",
        Timestamp = Utc(2024, 5, 31, 8),
        LocationName = "Parkhaus Friedrichstrasse",
        LocationNameLang = "DEU",
        Images =
        [
            new EvseImageUrlType
            {
                Uri = "https://cpo.example.com/images/station.jpg", ThumbUri = "https://cpo.example.com/images/station-thumb.jpg",
                Class = ImageClass.StationPhoto, Type = "jpeg", Width = 1024, Height = 768,
            },
        ],
        RelatedResource = [new RelatedResourceType { Uri = "https://cpo.example.com/map/BERLIN0001", Class = RelatedResourceClass.OperatorMap }],
        ChargePointAddress = Address(),
        ChargePointLocation = GeoPointType.From(52.520008m, 13.404954m),
        RelatedLocation = [AdditionalGeoPointType.From(52.520100m, 13.405000m, AdditionalGeoPointKind.Entrance, "Einfahrt Nord")],
        TimeZone = "Europe/Berlin",
        OpeningTimes = new HoursType
        {
            RegularHours =
            [
                new RegularHoursType { Weekday = 1, PeriodBegin = "06:00", PeriodEnd = "22:00" },
                new RegularHoursType { Weekday = 6, PeriodBegin = "08:00", PeriodEnd = "20:00" },
            ],
            ExceptionalClosings = [new ExceptionalPeriodType { PeriodBegin = Utc(2024, 12, 24, 23), PeriodEnd = Utc(2024, 12, 26, 23) }],
            ClosedCharging = false,
        },
        Status = ChargePointStatusType.Of(ChargePointStatus.Operative),
        StatusSchedule =
        [
            new ChargePointScheduleType
            {
                StartDate = Utc(2024, 7, 1), EndDate = Utc(2024, 7, 2),
                Status = ChargePointStatusType.Of(ChargePointStatus.Inoperative),
            },
        ],
        TelephoneNumber = "+49 30 1234567",
        Location = GeneralLocationType.Of(GeneralLocation.ParkingGarage),
        ParkingSpot =
        [
            new ParkingSpotInfo
            {
                ParkingId = "DE*ABC*P1234567*1", Restriction = [RestrictionType.Of(Restriction.EvOnly)],
                FloorLevel = "-2", ParkingSpotNumber = "B25",
            },
        ],
        Restriction = [RestrictionType.Of(Restriction.Customers)],
        AuthMethods = [AuthMethodType.Of(AuthMethod.RfidMifareCls), AuthMethodType.Of(AuthMethod.OchpDirectAuth)],
        Connectors =
        [
            new ConnectorType
            {
                ConnectorStandard = ConnectorStandardType.Of(ConnectorStandard.IEC_62196_T2),
                ConnectorFormat = ConnectorFormatType.Of(ConnectorFormat.Socket), TariffId = "DE*ABC*T1",
            },
            new ConnectorType
            {
                ConnectorStandard = ConnectorStandardType.Of(ConnectorStandard.DOMESTIC_F),
                ConnectorFormat = ConnectorFormatType.Of(ConnectorFormat.Socket),
            },
        ],
        ChargePointType = ChargePointType.AC,
        Ratings = new RatingsType { MaximumPower = 22m, NominalVoltage = 400 },
        UserInterfaceLang = ["DEU", "ENG"],
        MaxReservation = 30,
    };

    /// <summary>0.30 EUR/kWh in 0.1 kWh steps on weekday days, 0.25 EUR/kWh at night, for two e-MSPs.</summary>
    public static TariffInfo Tariff() => new()
    {
        TariffId = "DE*ABC*T1",
        IndividualTariff =
        [
            new IndividualTariffType
            {
                TariffElement =
                [
                    new TariffElementType
                    {
                        PriceComponent = new PriceComponentType { BillingItem = BillingItemType.Of(BillingItem.Energy), ItemPrice = 0.30m, StepSize = 0.1m },
                        TariffRestriction = new TariffRestrictionType
                        {
                            RegularHours =
                            [
                                new RegularHoursType { Weekday = 1, PeriodBegin = "06:00", PeriodEnd = "22:00" },
                                new RegularHoursType { Weekday = 2, PeriodBegin = "06:00", PeriodEnd = "22:00" },
                            ],
                            StartDateTime = Utc(2024, 1, 1), EndDateTime = Utc(2025, 1, 1),
                            MinEnergy = 0m, MaxEnergy = 100.5m, MinPower = 3.7m, MaxPower = 22m,
                            MinDuration = 0, MaxDuration = 14400,
                        },
                    },
                    new TariffElementType
                    {
                        PriceComponent = new PriceComponentType { BillingItem = BillingItemType.Of(BillingItem.Energy), ItemPrice = 0.25m, StepSize = 0.1m },
                        TariffRestriction = new TariffRestrictionType(),
                    },
                    new TariffElementType
                    {
                        PriceComponent = new PriceComponentType { BillingItem = BillingItemType.Of(BillingItem.ServiceFee), ItemPrice = 0.50m, StepSize = 1.0m },
                        TariffRestriction = new TariffRestrictionType(),
                    },
                ],
                Recipient = ["DE8AA", "NLTNM"],
                Currency = "EUR",
            },
        ],
    };

    public static EvseStatusType EvseStatus(string evseId, MajorStatus major, MinorStatus? minor) => new()
    {
        EvseId = evseId, Major = major, MinorStatus = minor, Ttl = Instant.FromUtc(2024, 6, 1, 12, 15),
    };

    public static Result Partly => Result.Of(ResultCode.Partly, "1 of 2 entries refused");

    /// <summary>Request and response of every operation, keyed by the WSDL operation name.</summary>
    public static IReadOnlyDictionary<string, (object Request, object Response)> ByOperation { get; } =
        new Dictionary<string, (object, object)>
        {
            ["AddCDRs"] = (new AddCdrsRequest { CdrInfoArray = [Cdr(), Cdr("DEABC2")] },
                new AddCdrsResponse { Result = Partly, ImplausibleCdrsArray = ["DEABC2"] }),
            ["GetCDRs"] = (new GetCdrsRequest { CdrStatus = CdrStatusType.Of(CdrStatus.Accepted) },
                new GetCdrsResponse { Result = Result.Ok(), CdrInfoArray = [Cdr()] }),
            ["CheckCDRs"] = (new CheckCdrsRequest(),
                new CheckCdrsResponse { Result = Result.Ok("declined CDRs"), CdrInfoArray = [Cdr()] }),
            ["ConfirmCDRs"] = (new ConfirmCdrsRequest
                {
                    Approved = [new CdrConfirmation { CdrId = "DEABC1", EvseId = "DE*ABC*E1234567*1" }],
                    Declined = [new CdrConfirmation { CdrId = "DEABC2", EvseId = "DEABCE1234567" }],
                },
                new ConfirmCdrsResponse { Result = Result.Ok() }),
            ["GetRoamingAuthorisationList"] = (new GetRoamingAuthorisationListRequest(),
                new GetRoamingAuthorisationListResponse { Result = Result.Ok(), RoamingAuthorisationInfoArray = [Token(), Token("1A2B3C4D")] }),
            ["SetRoamingAuthorisationList"] = (new SetRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [Token(), Token("1A2B3C4D")] },
                new SetRoamingAuthorisationListResponse { Result = Partly, RefusedRoamingAuthorisationInfo = [Token("1A2B3C4D")] }),
            ["UpdateRoamingAuthorisationList"] = (new UpdateRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [Token()] },
                new UpdateRoamingAuthorisationListResponse { Result = Result.Ok() }),
            ["GetRoamingAuthorisationListUpdates"] = (new GetRoamingAuthorisationListUpdatesRequest { LastUpdate = Utc(2024, 6, 1, 10) },
                new GetRoamingAuthorisationListUpdatesResponse { Result = Result.Ok(), RoamingAuthorisationInfo = [Token()] }),
            ["GetSingleRoamingAuthorisation"] = (new GetSingleRoamingAuthorisationRequest { EmtId = Rfid("04A2B3C4D5E6F7") },
                new GetSingleRoamingAuthorisationResponse { Result = Result.Ok(), RoamingAuthorisationInfo = Token() }),
            ["GetChargePointList"] = (new GetChargePointListRequest(),
                new GetChargePointListResponse { Result = Result.Ok(), ChargePointInfoArray = [ChargePoint()] }),
            ["SetChargepointList"] = (new SetChargePointListRequest { ChargePointInfoArray = [ChargePoint(), ChargePoint("DE*ABC*E1234567*2")] },
                new SetChargePointListResponse { Result = Partly, RefusedChargePointInfo = [ChargePoint("DE*ABC*E1234567*2")] }),
            ["UpdateChargePointList"] = (new UpdateChargePointListRequest { ChargePointInfoArray = [ChargePoint()] },
                new UpdateChargePointListResponse { Result = Result.Ok() }),
            ["GetChargePointListUpdates"] = (new GetChargePointListUpdatesRequest { LastUpdate = Utc(2024, 6, 1) },
                new GetChargePointListUpdatesResponse { Result = Result.Ok(), ChargePointInfoArray = [ChargePoint()] }),
            ["UpdateTariffs"] = (new UpdateTariffsRequest { TariffInfoArray = [Tariff()] },
                new UpdateTariffsResponse { Result = Result.Of(ResultCode.Format, "currency XYZ is no ISO 4217 code"), RefusedTariffInfo = [Tariff()] }),
            ["GetTariffUpdates"] = (new GetTariffUpdatesRequest { LastUpdate = Utc(2024, 1, 1) },
                new GetTariffUpdatesResponse { Result = Result.Ok(), TariffInfoArray = [Tariff()] }),
            ["UpdateStatus"] = (new UpdateStatusRequest
                {
                    Evse =
                    [
                        EvseStatus("DE*ABC*E1234567*1", MajorStatus.NotAvailable, MinorStatus.Charging),
                        EvseStatus("DE*ABC*E1234567*2", MajorStatus.Available, null),
                    ],
                    Parking = [new ParkingStatusType { ParkingId = "DE*ABC*P1234567*1", Status = ParkingStatus.Available }],
                    Ttl = Utc(2024, 6, 1, 12, 30),
                },
                new UpdateStatusResponse { Result = Result.Ok() }),
            ["GetStatus"] = (new GetStatusRequest { StartDateTime = Utc(2024, 6, 1, 12), StatusType = StatusKind.Evse },
                new GetStatusResponse { Evse = [EvseStatus("DE*ABC*E1234567*1", MajorStatus.Available, MinorStatus.Reserved)] }),
        };
}
