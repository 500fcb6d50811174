using System.Text.Json.Serialization;


namespace Roaming.Protocols.Ocpi.Locations;

// The enums of the OCPI 2.2.1 Locations module. Each member carries its exact wire text, which is also the
// list the validator accepts (see OcpiEnumTexts). The converter attribute lets other code (events, read models)
// serialize them with the same texts.

[JsonConverter(typeof(JsonStringEnumConverter<Capability>))]
public enum Capability
{
    [JsonStringEnumMemberName("CHARGING_PROFILE_CAPABLE")] ChargingProfileCapable,
    [JsonStringEnumMemberName("CHARGING_PREFERENCES_CAPABLE")] ChargingPreferencesCapable,
    [JsonStringEnumMemberName("CHIP_CARD_SUPPORT")] ChipCardSupport,
    [JsonStringEnumMemberName("CONTACTLESS_CARD_SUPPORT")] ContactlessCardSupport,
    [JsonStringEnumMemberName("CREDIT_CARD_PAYABLE")] CreditCardPayable,
    [JsonStringEnumMemberName("DEBIT_CARD_PAYABLE")] DebitCardPayable,
    [JsonStringEnumMemberName("PED_TERMINAL")] PedTerminal,
    [JsonStringEnumMemberName("REMOTE_START_STOP_CAPABLE")] RemoteStartStopCapable,
    [JsonStringEnumMemberName("RESERVABLE")] Reservable,
    [JsonStringEnumMemberName("RFID_READER")] RfidReader,
    [JsonStringEnumMemberName("START_SESSION_CONNECTOR_REQUIRED")] StartSessionConnectorRequired,
    [JsonStringEnumMemberName("TOKEN_GROUP_CAPABLE")] TokenGroupCapable,
    [JsonStringEnumMemberName("UNLOCK_CAPABLE")] UnlockCapable,
}

[JsonConverter(typeof(JsonStringEnumConverter<ConnectorFormat>))]
public enum ConnectorFormat
{
    [JsonStringEnumMemberName("SOCKET")] Socket,
    [JsonStringEnumMemberName("CABLE")] Cable,
}

[JsonConverter(typeof(JsonStringEnumConverter<ConnectorType>))]
public enum ConnectorType
{
    [JsonStringEnumMemberName("CHADEMO")] Chademo,
    [JsonStringEnumMemberName("CHAOJI")] Chaoji,
    [JsonStringEnumMemberName("DOMESTIC_A")] DomesticA,
    [JsonStringEnumMemberName("DOMESTIC_B")] DomesticB,
    [JsonStringEnumMemberName("DOMESTIC_C")] DomesticC,
    [JsonStringEnumMemberName("DOMESTIC_D")] DomesticD,
    [JsonStringEnumMemberName("DOMESTIC_E")] DomesticE,
    [JsonStringEnumMemberName("DOMESTIC_F")] DomesticF,
    [JsonStringEnumMemberName("DOMESTIC_G")] DomesticG,
    [JsonStringEnumMemberName("DOMESTIC_H")] DomesticH,
    [JsonStringEnumMemberName("DOMESTIC_I")] DomesticI,
    [JsonStringEnumMemberName("DOMESTIC_J")] DomesticJ,
    [JsonStringEnumMemberName("DOMESTIC_K")] DomesticK,
    [JsonStringEnumMemberName("DOMESTIC_L")] DomesticL,
    [JsonStringEnumMemberName("DOMESTIC_M")] DomesticM,
    [JsonStringEnumMemberName("DOMESTIC_N")] DomesticN,
    [JsonStringEnumMemberName("DOMESTIC_O")] DomesticO,
    [JsonStringEnumMemberName("GBT_AC")] GbtAc,
    [JsonStringEnumMemberName("GBT_DC")] GbtDc,
    // IEC 60309-2 industrial connectors; the spec writes these four in mixed case.
    [JsonStringEnumMemberName("IEC_60309_2_single_16")] Iec60309Single16,
    [JsonStringEnumMemberName("IEC_60309_2_three_16")] Iec60309Three16,
    [JsonStringEnumMemberName("IEC_60309_2_three_32")] Iec60309Three32,
    [JsonStringEnumMemberName("IEC_60309_2_three_64")] Iec60309Three64,
    [JsonStringEnumMemberName("IEC_62196_T1")] Iec62196T1,
    [JsonStringEnumMemberName("IEC_62196_T1_COMBO")] Iec62196T1Combo,
    [JsonStringEnumMemberName("IEC_62196_T2")] Iec62196T2,
    [JsonStringEnumMemberName("IEC_62196_T2_COMBO")] Iec62196T2Combo,
    [JsonStringEnumMemberName("IEC_62196_T3A")] Iec62196T3A,
    [JsonStringEnumMemberName("IEC_62196_T3C")] Iec62196T3C,
    [JsonStringEnumMemberName("NEMA_5_20")] Nema5_20,
    [JsonStringEnumMemberName("NEMA_6_30")] Nema6_30,
    [JsonStringEnumMemberName("NEMA_6_50")] Nema6_50,
    [JsonStringEnumMemberName("NEMA_10_30")] Nema10_30,
    [JsonStringEnumMemberName("NEMA_10_50")] Nema10_50,
    [JsonStringEnumMemberName("NEMA_14_30")] Nema14_30,
    [JsonStringEnumMemberName("NEMA_14_50")] Nema14_50,
    [JsonStringEnumMemberName("PANTOGRAPH_BOTTOM_UP")] PantographBottomUp,
    [JsonStringEnumMemberName("PANTOGRAPH_TOP_DOWN")] PantographTopDown,
    [JsonStringEnumMemberName("TESLA_R")] TeslaR,
    [JsonStringEnumMemberName("TESLA_S")] TeslaS,
}



[JsonConverter(typeof(JsonStringEnumConverter<Facility>))]
public enum Facility
{
    [JsonStringEnumMemberName("HOTEL")] Hotel,
    [JsonStringEnumMemberName("RESTAURANT")] Restaurant,
    [JsonStringEnumMemberName("CAFE")] Cafe,
    [JsonStringEnumMemberName("MALL")] Mall,
    [JsonStringEnumMemberName("SUPERMARKET")] Supermarket,
    [JsonStringEnumMemberName("SPORT")] Sport,
    [JsonStringEnumMemberName("RECREATION_AREA")] RecreationArea,
    [JsonStringEnumMemberName("NATURE")] Nature,
    [JsonStringEnumMemberName("MUSEUM")] Museum,
    [JsonStringEnumMemberName("BIKE_SHARING")] BikeSharing,
    [JsonStringEnumMemberName("BUS_STOP")] BusStop,
    [JsonStringEnumMemberName("TAXI_STAND")] TaxiStand,
    [JsonStringEnumMemberName("TRAM_STOP")] TramStop,
    [JsonStringEnumMemberName("METRO_STATION")] MetroStation,
    [JsonStringEnumMemberName("TRAIN_STATION")] TrainStation,
    [JsonStringEnumMemberName("AIRPORT")] Airport,
    [JsonStringEnumMemberName("PARKING_LOT")] ParkingLot,
    [JsonStringEnumMemberName("CARPOOL_PARKING")] CarpoolParking,
    [JsonStringEnumMemberName("FUEL_STATION")] FuelStation,
    [JsonStringEnumMemberName("WIFI")] Wifi,
}

[JsonConverter(typeof(JsonStringEnumConverter<ImageCategory>))]
public enum ImageCategory
{
    [JsonStringEnumMemberName("CHARGER")] Charger,
    [JsonStringEnumMemberName("ENTRANCE")] Entrance,
    [JsonStringEnumMemberName("LOCATION")] Location,
    [JsonStringEnumMemberName("NETWORK")] Network,
    [JsonStringEnumMemberName("OPERATOR")] Operator,
    [JsonStringEnumMemberName("OTHER")] Other,
    [JsonStringEnumMemberName("OWNER")] Owner,
}

[JsonConverter(typeof(JsonStringEnumConverter<ParkingRestriction>))]
public enum ParkingRestriction
{
    [JsonStringEnumMemberName("EV_ONLY")] EvOnly,
    [JsonStringEnumMemberName("PLUGGED")] Plugged,
    [JsonStringEnumMemberName("DISABLED")] Disabled,
    [JsonStringEnumMemberName("CUSTOMERS")] Customers,
    [JsonStringEnumMemberName("MOTORCYCLES")] Motorcycles,
}

[JsonConverter(typeof(JsonStringEnumConverter<ParkingType>))]
public enum ParkingType
{
    [JsonStringEnumMemberName("ALONG_MOTORWAY")] AlongMotorway,
    [JsonStringEnumMemberName("PARKING_GARAGE")] ParkingGarage,
    [JsonStringEnumMemberName("PARKING_LOT")] ParkingLot,
    [JsonStringEnumMemberName("ON_DRIVEWAY")] OnDriveway,
    [JsonStringEnumMemberName("ON_STREET")] OnStreet,
    [JsonStringEnumMemberName("UNDERGROUND_GARAGE")] UndergroundGarage,
}

[JsonConverter(typeof(JsonStringEnumConverter<PowerType>))]
public enum PowerType
{
    [JsonStringEnumMemberName("AC_1_PHASE")] Ac1Phase,
    [JsonStringEnumMemberName("AC_2_PHASE")] Ac2Phase,
    [JsonStringEnumMemberName("AC_2_PHASE_SPLIT")] Ac2PhaseSplit,
    [JsonStringEnumMemberName("AC_3_PHASE")] Ac3Phase,
    [JsonStringEnumMemberName("DC")] Dc,
}

/// <summary>OCPI <c>Status</c> of an EVSE (named EvseStatus here: "Status" alone says too little in C#).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EvseStatus>))]
public enum EvseStatus
{
    [JsonStringEnumMemberName("AVAILABLE")] Available,
    [JsonStringEnumMemberName("BLOCKED")] Blocked,
    [JsonStringEnumMemberName("CHARGING")] Charging,
    [JsonStringEnumMemberName("INOPERATIVE")] Inoperative,
    [JsonStringEnumMemberName("OUTOFORDER")] OutOfOrder,
    [JsonStringEnumMemberName("PLANNED")] Planned,
    [JsonStringEnumMemberName("REMOVED")] Removed,
    [JsonStringEnumMemberName("RESERVED")] Reserved,
    [JsonStringEnumMemberName("UNKNOWN")] Unknown,
}

