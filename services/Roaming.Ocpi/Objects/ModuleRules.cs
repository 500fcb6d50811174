namespace Roaming.Ocpi.Objects;

/// <summary>The OCPI 2.2.1 objects partners push to us, as <see cref="JsonRule"/>s (lengths and enums from the spec's data types).</summary>
public static class ModuleRules
{
    public static readonly string[] EvseStatuses = ["AVAILABLE", "BLOCKED", "CHARGING", "INOPERATIVE", "OUTOFORDER", "PLANNED", "REMOVED", "RESERVED", "UNKNOWN"];
    public static readonly string[] ConnectorFormats = ["SOCKET", "CABLE"];
    public static readonly string[] PowerTypes = ["AC_1_PHASE", "AC_2_PHASE", "AC_2_PHASE_SPLIT", "AC_3_PHASE", "DC"];
    public static readonly string[] ConnectorTypes =
    [
        "CHADEMO", "CHAOJI", "DOMESTIC_A", "DOMESTIC_B", "DOMESTIC_C", "DOMESTIC_D", "DOMESTIC_E", "DOMESTIC_F", "DOMESTIC_G",
        "DOMESTIC_H", "DOMESTIC_I", "DOMESTIC_J", "DOMESTIC_K", "DOMESTIC_L", "DOMESTIC_M", "DOMESTIC_N", "DOMESTIC_O", "GBT_AC",
        "GBT_DC", "IEC_60309_2_single_16", "IEC_60309_2_three_16", "IEC_60309_2_three_32", "IEC_60309_2_three_64", "IEC_62196_T1",
        "IEC_62196_T1_COMBO", "IEC_62196_T2", "IEC_62196_T2_COMBO", "IEC_62196_T3A", "IEC_62196_T3C", "NEMA_5_20", "NEMA_6_30",
        "NEMA_6_50", "NEMA_10_30", "NEMA_10_50", "NEMA_14_30", "NEMA_14_50", "PANTOGRAPH_BOTTOM_UP", "PANTOGRAPH_TOP_DOWN", "TESLA_R", "TESLA_S",
    ];
    public static readonly string[] TokenTypes = ["AD_HOC_USER", "APP_USER", "OTHER", "RFID"];
    public static readonly string[] WhitelistTypes = ["ALWAYS", "ALLOWED", "ALLOWED_OFFLINE", "NEVER"];
    public static readonly string[] AuthMethods = ["AUTH_REQUEST", "COMMAND", "WHITELIST"];
    public static readonly string[] SessionStatuses = ["ACTIVE", "COMPLETED", "INVALID", "PENDING", "RESERVATION"];
    public static readonly string[] CdrDimensions =
    [
        "CURRENT", "ENERGY", "ENERGY_EXPORT", "ENERGY_IMPORT", "MAX_CURRENT", "MIN_CURRENT", "MAX_POWER", "MIN_POWER", "PARKING_TIME",
        "POWER", "RESERVATION_TIME", "STATE_OF_CHARGE", "TIME",
    ];
    public static readonly string[] TariffDimensions = ["ENERGY", "FLAT", "PARKING_TIME", "TIME"];
    public static readonly string[] TariffTypes = ["AD_HOC_PAYMENT", "PROFILE_CHEAP", "PROFILE_FAST", "PROFILE_GREEN", "REGULAR"];

    private static JsonRule[] Owner(int idLength, string idName = "id") =>
        [new Str("country_code", 2), new Str("party_id", 3), new Str(idName, idLength)];

    private static Obj Geo(string name, bool required = true) => new(name,
    [
        new Pattern("latitude", @"-?[0-9]{1,2}\.[0-9]{5,7}"),
        new Pattern("longitude", @"-?[0-9]{1,3}\.[0-9]{5,7}"),
    ], required);

    private static Obj Price(string name, bool required = false) => new(name, [new Number("excl_vat"), new Number("incl_vat", Required: false)], required);

    public static readonly JsonRule[] Connector =
    [
        new Str("id", 36), new OneOf("standard", ConnectorTypes), new OneOf("format", ConnectorFormats), new OneOf("power_type", PowerTypes),
        new Number("max_voltage", Whole: true), new Number("max_amperage", Whole: true), new Number("max_electric_power", Required: false, Whole: true),
        new Many("tariff_ids", new Str("", 36), Required: false), new Str("terms_and_conditions", 255, Required: false), new DateTimeRule("last_updated"),
    ];

    public static readonly JsonRule[] Evse =
    [
        new Str("uid", 36), new Str("evse_id", 48, Required: false), new OneOf("status", EvseStatuses),
        new Many("connectors", new Obj("", Connector), MinItems: 1), new Str("floor_level", 4, Required: false), Geo("coordinates", required: false),
        new Str("physical_reference", 16, Required: false), new DateTimeRule("last_updated"),
    ];

    public static readonly JsonRule[] Location =
    [
        .. Owner(36), new Flag("publish"), new Str("name", 255, Required: false), new Str("address", 255), new Str("city", 45),
        new Str("postal_code", 10, Required: false), new Str("state", 45, Required: false), new Str("country", 3), Geo("coordinates"),
        new Many("evses", new Obj("", Evse), Required: false), new Str("time_zone", 255), new DateTimeRule("last_updated"),
    ];

    private static readonly JsonRule[] CdrToken =
        [new Str("country_code", 2), new Str("party_id", 3), new Str("uid", 36), new OneOf("type", TokenTypes), new Str("contract_id", 36)];

    private static readonly JsonRule[] ChargingPeriod =
    [
        new DateTimeRule("start_date_time"),
        new Many("dimensions", new Obj("", [new OneOf("type", CdrDimensions), new Number("volume")]), MinItems: 1),
        new Str("tariff_id", 36, Required: false),
    ];

    public static readonly JsonRule[] Session =
    [
        .. Owner(36), new DateTimeRule("start_date_time"), new DateTimeRule("end_date_time", Required: false), new Number("kwh"),
        new Obj("cdr_token", CdrToken), new OneOf("auth_method", AuthMethods), new Str("authorization_reference", 36, Required: false),
        new Str("location_id", 36), new Str("evse_uid", 36), new Str("connector_id", 36), new Str("meter_id", 255, Required: false),
        new Str("currency", 3), new Many("charging_periods", new Obj("", ChargingPeriod), Required: false), Price("total_cost"),
        new OneOf("status", SessionStatuses), new DateTimeRule("last_updated"),
    ];

    private static readonly JsonRule[] CdrLocation =
    [
        // CdrLocation.address/state still say 45/20 in the 2.2.1 text; Location says 255/45 since the errata, so accept those.
        new Str("id", 36), new Str("name", 255, Required: false), new Str("address", 255), new Str("city", 45),
        new Str("postal_code", 10, Required: false), new Str("state", 45, Required: false), new Str("country", 3), Geo("coordinates"),
        new Str("evse_uid", 36), new Str("evse_id", 48), new Str("connector_id", 36), new OneOf("connector_standard", ConnectorTypes),
        new OneOf("connector_format", ConnectorFormats), new OneOf("connector_power_type", PowerTypes),
    ];

    private static readonly JsonRule[] PriceComponent =
        [new OneOf("type", TariffDimensions), new Number("price"), new Number("vat", Required: false), new Number("step_size", Whole: true)];

    public static readonly JsonRule[] Tariff =
    [
        .. Owner(36), new Str("currency", 3), new OneOf("type", TariffTypes, Required: false), new Str("tariff_alt_url", 255, Required: false),
        Price("min_price"), Price("max_price"),
        new Many("elements", new Obj("", [new Many("price_components", new Obj("", PriceComponent), MinItems: 1)]), MinItems: 1),
        new DateTimeRule("start_date_time", Required: false), new DateTimeRule("end_date_time", Required: false), new DateTimeRule("last_updated"),
    ];

    public static readonly JsonRule[] Cdr =
    [
        .. Owner(39), new DateTimeRule("start_date_time"), new DateTimeRule("end_date_time"), new Str("session_id", 36, Required: false),
        new Obj("cdr_token", CdrToken), new OneOf("auth_method", AuthMethods), new Str("authorization_reference", 36, Required: false),
        new Obj("cdr_location", CdrLocation), new Str("meter_id", 255, Required: false), new Str("currency", 3),
        new Many("tariffs", new Obj("", Tariff), Required: false), new Many("charging_periods", new Obj("", ChargingPeriod), MinItems: 1),
        Price("total_cost", required: true), Price("total_fixed_cost"), new Number("total_energy"), Price("total_energy_cost"),
        new Number("total_time"), Price("total_time_cost"), new Number("total_parking_time", Required: false), Price("total_parking_cost"),
        Price("total_reservation_cost"), new Str("remark", 255, Required: false), new Str("invoice_reference_id", 39, Required: false),
        new Flag("credit", Required: false), new Str("credit_reference_id", 39, Required: false),
        new Flag("home_charging_compensation", Required: false), new DateTimeRule("last_updated"),
    ];

    public static readonly JsonRule[] Token =
    [
        .. Owner(36, "uid"), new OneOf("type", TokenTypes), new Str("contract_id", 36), new Str("visual_number", 64, Required: false),
        new Str("issuer", 64), new Str("group_id", 36, Required: false), new Flag("valid"), new OneOf("whitelist", WhitelistTypes),
        new Str("language", 2, Required: false), new DateTimeRule("last_updated"),
    ];

    public static readonly JsonRule[] LocationReferences = [new Str("location_id", 36), new Many("evse_uids", new Str("", 36), Required: false)];
}
