using System.Globalization;
using System.ComponentModel;
using System.Xml.Serialization;

// data-types.xsd: the shared complex types and the wrapper types around an enumeration (§3 of the reference: the
// value sits in a child element of the same name as the type, e.g. <status><CdrStatusType>new</CdrStatusType></status>).
// Every class mirrors its xs:sequence with XmlElement(Order); optional value types are written only when set.
namespace Roaming.Protocols.Ochp;

public enum TokenType
{
    [XmlEnum("rfid")] Rfid,
    [XmlEnum("remote")] Remote,
    [XmlEnum("15118")] Iso15118,
}

public enum TokenSubType
{
    [XmlEnum("mifareCls")] MifareClassic,
    [XmlEnum("mifareDes")] MifareDesfire,
    [XmlEnum("calypso")] Calypso,
}

public enum TokenRepresentation
{
    [XmlEnum("plain")] Plain,
    [XmlEnum("sha-160")] Sha160,
    [XmlEnum("sha-256")] Sha256,
}

/// <summary>The EMT-ID, the token: <c>instance</c>, <c>tokenType</c>, <c>tokenSubType?</c>, <c>@representation</c>.</summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class EmtId
{
    [XmlElement("instance", Order = 1)] public string Instance { get; set; } = "";
    [XmlElement("tokenType", Order = 2)] public TokenType TokenType { get; set; }
    [XmlElement("tokenSubType", Order = 3)] public TokenSubType? TokenSubType { get; set; }
    public bool ShouldSerializeTokenSubType() => TokenSubType.HasValue;
    [XmlAttribute("representation")] public TokenRepresentation Representation { get; set; }
}

public enum CdrStatus
{
    [XmlEnum("new")] New,
    [XmlEnum("accepted")] Accepted,
    [XmlEnum("rejected")] Rejected,
    [XmlEnum("declined")] Declined,
    [XmlEnum("approved")] Approved,
    [XmlEnum("revised")] Revised,
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class CdrStatusType
{
    [XmlElement("CdrStatusType", Order = 1)] public CdrStatus Value { get; set; }
    public static CdrStatusType Of(CdrStatus value) => new() { Value = value };
}

public enum ConnectorStandard
{
    Chademo,
    IEC_62196_T1,
    IEC_62196_T1_COMBO,
    IEC_62196_T2,
    IEC_62196_T2_COMBO,
    IEC_62196_T3A,
    IEC_62196_T3C,
    DOMESTIC_A,
    DOMESTIC_B,
    DOMESTIC_C,
    DOMESTIC_D,
    DOMESTIC_E,
    DOMESTIC_F,
    DOMESTIC_G,
    DOMESTIC_H,
    DOMESTIC_I,
    DOMESTIC_J,
    DOMESTIC_K,
    DOMESTIC_L,
    TESLA_R,
    TESLA_S,
    IEC_60309_2_single_16,
    IEC_60309_2_three_16,
    IEC_60309_2_three_32,
    IEC_60309_2_three_64,
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class ConnectorStandardType
{
    [XmlElement("ConnectorStandard", Order = 1)] public ConnectorStandard Value { get; set; }
    public static ConnectorStandardType Of(ConnectorStandard value) => new() { Value = value };
}

public enum ConnectorFormat
{
    Socket,
    Cable,
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class ConnectorFormatType
{
    [XmlElement("ConnectorFormat", Order = 1)] public ConnectorFormat Value { get; set; }
    public static ConnectorFormatType Of(ConnectorFormat value) => new() { Value = value };
}

/// <summary>XSD <c>ConnectorType</c>: standard, format and the tariff the CPO uploaded for it.</summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class ConnectorType
{
    [XmlElement("connectorStandard", Order = 1)] public ConnectorStandardType ConnectorStandard { get; set; } = new();
    [XmlElement("connectorFormat", Order = 2)] public ConnectorFormatType ConnectorFormat { get; set; } = new();
    [XmlElement("tariffId", Order = 3)] public string? TariffId { get; set; }
}

/// <summary>XSD <c>RatingsType</c>: powers in kW (<c>xs:float</c> on the wire), voltage in V.</summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class RatingsType
{
    [XmlIgnore] public decimal MaximumPower { get; set; }
    [XmlElement("maximumPower", Order = 1), EditorBrowsable(EditorBrowsableState.Never)]
    public string MaximumPowerText { get => OchpFloat.Format(MaximumPower); set => MaximumPower = OchpFloat.Parse(value); }
    [XmlIgnore] public decimal? GuaranteedPower { get; set; }
    [XmlElement("guaranteedPower", Order = 2), EditorBrowsable(EditorBrowsableState.Never)]
    public string? GuaranteedPowerText { get => OchpFloat.Format(GuaranteedPower); set => GuaranteedPower = OchpFloat.ParseOptional(value); }
    [XmlElement("nominalVoltage", Order = 3)] public int? NominalVoltage { get; set; }
    public bool ShouldSerializeNominalVoltage() => NominalVoltage.HasValue;
}

public enum Restriction
{
    [XmlEnum("evonly")] EvOnly,
    [XmlEnum("plugged")] Plugged,
    [XmlEnum("disabled")] Disabled,
    [XmlEnum("customers")] Customers,
    [XmlEnum("motorcycles")] Motorcycles,
    [XmlEnum("carsharing")] Carsharing,
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class RestrictionType
{
    [XmlElement("RestrictionType", Order = 1)] public Restriction Value { get; set; }
    public static RestrictionType Of(Restriction value) => new() { Value = value };
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class ParkingSpotInfo
{
    [XmlElement("parkingId", Order = 1)] public string ParkingId { get; set; } = "";
    [XmlElement("restriction", Order = 2)] public List<RestrictionType> Restriction { get; set; } = [];
    [XmlElement("floorLevel", Order = 3)] public string? FloorLevel { get; set; }
    [XmlElement("parkingSpotNumber", Order = 4)] public string? ParkingSpotNumber { get; set; }
}

/// <summary>XSD <c>CdrPeriodType</c>: one billed item of a CDR; <c>periodCost = billingValue × itemPrice</c>.</summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class CdrPeriodType
{
    [XmlElement("startDateTime", Order = 1)] public LocalDateTimeType StartDateTime { get; set; } = new();
    [XmlElement("endDateTime", Order = 2)] public LocalDateTimeType EndDateTime { get; set; } = new();
    [XmlElement("billingItem", Order = 3)] public BillingItemType BillingItem { get; set; } = new();
    [XmlIgnore] public decimal BillingValue { get; set; }
    [XmlElement("billingValue", Order = 4), EditorBrowsable(EditorBrowsableState.Never)]
    public string BillingValueText { get => OchpFloat.Format(BillingValue); set => BillingValue = OchpFloat.Parse(value); }
    [XmlIgnore] public decimal ItemPrice { get; set; }
    [XmlElement("itemPrice", Order = 5), EditorBrowsable(EditorBrowsableState.Never)]
    public string ItemPriceText { get => OchpFloat.Format(ItemPrice); set => ItemPrice = OchpFloat.Parse(value); }
    [XmlIgnore] public decimal? PeriodCost { get; set; }
    [XmlElement("periodCost", Order = 6), EditorBrowsable(EditorBrowsableState.Never)]
    public string? PeriodCostText { get => OchpFloat.Format(PeriodCost); set => PeriodCost = OchpFloat.ParseOptional(value); }
    [XmlElement("taxrate", Order = 7)] public int? TaxRate { get; set; }
    public bool ShouldSerializeTaxRate() => TaxRate.HasValue;
}

public enum BillingItem
{
    [XmlEnum("parkingtime")] ParkingTime,
    [XmlEnum("usagetime")] UsageTime,
    [XmlEnum("energy")] Energy,
    [XmlEnum("power")] Power,
    [XmlEnum("serviceFee")] ServiceFee,
    [XmlEnum("reservation")] Reservation,
    [XmlEnum("reservationtime")] ReservationTime,
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class BillingItemType
{
    [XmlElement("BillingItemType", Order = 1)] public BillingItem Value { get; set; }
    public static BillingItemType Of(BillingItem value) => new() { Value = value };
}

/// <summary>
/// XSD <c>GeoPointType</c>: <c>@lat</c> <c>-?\d{1,2}\.\d{6}</c> and <c>@lon</c> <c>-?\d{1,3}\.\d{6}</c>, kept as the
/// wire text; <see cref="From"/> writes six decimals.
/// </summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public class GeoPointType
{
    [XmlAttribute("lat")] public string Lat { get; set; } = "";
    [XmlAttribute("lon")] public string Lon { get; set; } = "";

    public static GeoPointType From(decimal latitude, decimal longitude) =>
        new() { Lat = Coordinate(latitude), Lon = Coordinate(longitude) };

    public decimal Latitude => decimal.Parse(Lat, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    public decimal Longitude => decimal.Parse(Lon, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    protected static string Coordinate(decimal value) =>
        Math.Round(value, 6, MidpointRounding.AwayFromZero).ToString("0.000000", CultureInfo.InvariantCulture);
}

public enum AdditionalGeoPointKind
{
    [XmlEnum("entrance")] Entrance,
    [XmlEnum("exit")] Exit,
    [XmlEnum("access")] Access,
    [XmlEnum("ui")] Ui,
    [XmlEnum("other")] Other,
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class AdditionalGeoPointType : GeoPointType
{
    [XmlAttribute("name")] public string? Name { get; set; }
    [XmlAttribute("type")] public AdditionalGeoPointKind Type { get; set; }

    public static AdditionalGeoPointType From(decimal latitude, decimal longitude, AdditionalGeoPointKind type, string? name = null) =>
        new() { Lat = Coordinate(latitude), Lon = Coordinate(longitude), Type = type, Name = name };
}

/// <summary>XSD <c>HoursType</c>: either <c>regularHours</c> (1..7) or <c>twentyfourseven</c>, then the exceptions.</summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class HoursType
{
    [XmlElement("regularHours", Order = 1)] public List<RegularHoursType> RegularHours { get; set; } = [];
    [XmlElement("twentyfourseven", Order = 2)] public bool? TwentyFourSeven { get; set; }
    public bool ShouldSerializeTwentyFourSeven() => TwentyFourSeven.HasValue;
    [XmlElement("exceptionalOpenings", Order = 3)] public List<ExceptionalPeriodType> ExceptionalOpenings { get; set; } = [];
    [XmlElement("exceptionalClosings", Order = 4)] public List<ExceptionalPeriodType> ExceptionalClosings { get; set; } = [];
    [XmlElement("closedCharging", Order = 5)] public bool ClosedCharging { get; set; }
}

public enum ChargePointStatus
{
    Unknown,
    Operative,
    Inoperative,
    Planned,
    Closed,
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class ChargePointStatusType
{
    [XmlElement("ChargePointStatusType", Order = 1)] public ChargePointStatus Value { get; set; }
    public static ChargePointStatusType Of(ChargePointStatus value) => new() { Value = value };
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class ChargePointScheduleType
{
    [XmlElement("startDate", Order = 1)] public DateTimeType StartDate { get; set; } = new();
    [XmlElement("endDate", Order = 2)] public DateTimeType? EndDate { get; set; }
    [XmlElement("status", Order = 3)] public ChargePointStatusType Status { get; set; } = new();
}

public enum GeneralLocation
{
    [XmlEnum("on-street")] OnStreet,
    [XmlEnum("parking-garage")] ParkingGarage,
    [XmlEnum("underground-garage")] UndergroundGarage,
    [XmlEnum("parking-lot")] ParkingLot,
    [XmlEnum("other")] Other,
    [XmlEnum("unknown")] Unknown,
    [XmlEnum("private")] Private,
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class GeneralLocationType
{
    [XmlElement("GeneralLocationType", Order = 1)] public GeneralLocation Value { get; set; }
    public static GeneralLocationType Of(GeneralLocation value) => new() { Value = value };
}

public enum AuthMethod
{
    Public,
    LocalKey,
    DirectCash,
    DirectCreditcard,
    DirectDebitcard,
    RfidMifareCls,
    RfidMifareDes,
    RfidCalypso,
    Iec15118,
    OchpDirectAuth,
    OperatorAuth,
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class AuthMethodType
{
    [XmlElement("AuthMethodType", Order = 1)] public AuthMethod Value { get; set; }
    public static AuthMethodType Of(AuthMethod value) => new() { Value = value };
}

/// <summary>XSD <c>RegularHoursType</c>: <c>@weekday</c> 1 (Monday) to 7, <c>@periodBegin</c>/<c>@periodEnd</c> <c>HH:mm</c>.</summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class RegularHoursType
{
    [XmlAttribute("weekday")] public int Weekday { get; set; }
    [XmlAttribute("periodBegin")] public string PeriodBegin { get; set; } = "";
    [XmlAttribute("periodEnd")] public string PeriodEnd { get; set; } = "";
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class ExceptionalPeriodType
{
    [XmlElement("periodBegin", Order = 1)] public DateTimeType PeriodBegin { get; set; } = new();
    [XmlElement("periodEnd", Order = 2)] public DateTimeType PeriodEnd { get; set; } = new();
}

public enum ResultCode
{
    [XmlEnum("ok")] Ok,
    [XmlEnum("partly")] Partly,
    [XmlEnum("not-authorized")] NotAuthorized,
    [XmlEnum("invalid-id")] InvalidId,
    [XmlEnum("server")] Server,
    [XmlEnum("format")] Format,
    [XmlEnum("roaming")] Roaming,
}

/// <summary>XSD <c>ResultCodeType</c>: <c>&lt;resultCode&gt;&lt;resultCode&gt;ok&lt;/resultCode&gt;&lt;/resultCode&gt;</c>.</summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class ResultCodeType
{
    [XmlElement("resultCode", Order = 1)] public ResultCode Value { get; set; }
    public static ResultCodeType Of(ResultCode value) => new() { Value = value };
}

/// <summary>XSD <c>AddressType</c>; <c>country</c> is ISO 3166 alpha-3.</summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class AddressType
{
    [XmlElement("houseNumber", Order = 1)] public string? HouseNumber { get; set; }
    [XmlElement("address", Order = 2)] public string Address { get; set; } = "";
    [XmlElement("city", Order = 3)] public string City { get; set; } = "";
    [XmlElement("zipCode", Order = 4)] public string ZipCode { get; set; } = "";
    [XmlElement("country", Order = 5)] public string Country { get; set; } = "";
}

public enum ImageClass
{
    [XmlEnum("networkLogo")] NetworkLogo,
    [XmlEnum("operatorLogo")] OperatorLogo,
    [XmlEnum("ownerLogo")] OwnerLogo,
    [XmlEnum("stationPhoto")] StationPhoto,
    [XmlEnum("locationPhoto")] LocationPhoto,
    [XmlEnum("entrancePhoto")] EntrancePhoto,
    [XmlEnum("otherPhoto")] OtherPhoto,
    [XmlEnum("otherLogo")] OtherLogo,
    [XmlEnum("otherGraphic")] OtherGraphic,
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class EvseImageUrlType
{
    [XmlElement("uri", Order = 1)] public string Uri { get; set; } = "";
    [XmlElement("thumbUri", Order = 2)] public string? ThumbUri { get; set; }
    [XmlElement("class", Order = 3)] public ImageClass Class { get; set; }
    [XmlElement("type", Order = 4)] public string Type { get; set; } = "";
    [XmlElement("width", Order = 5)] public int? Width { get; set; }
    public bool ShouldSerializeWidth() => Width.HasValue;
    [XmlElement("height", Order = 6)] public int? Height { get; set; }
    public bool ShouldSerializeHeight() => Height.HasValue;
}

public enum RelatedResourceClass
{
    [XmlEnum("operatorMap")] OperatorMap,
    [XmlEnum("operatorPayment")] OperatorPayment,
    [XmlEnum("stationInfo")] StationInfo,
    [XmlEnum("surroundingInfo")] SurroundingInfo,
    [XmlEnum("ownerHomepage")] OwnerHomepage,
    [XmlEnum("feedbackForm")] FeedbackForm,
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class RelatedResourceType
{
    [XmlElement("uri", Order = 1)] public string Uri { get; set; } = "";
    [XmlElement("class", Order = 2)] public RelatedResourceClass Class { get; set; }
}

/// <summary>
/// XSD <c>IndividualTariffType</c>: the price elements for the listed recipients (e-MSP ids without separators);
/// no recipient makes it the default tariff of its tariff id.
/// </summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class IndividualTariffType
{
    [XmlElement("tariffElement", Order = 1)] public List<TariffElementType> TariffElement { get; set; } = [];
    [XmlElement("recipient", Order = 2)] public List<string> Recipient { get; set; } = [];
    [XmlElement("currency", Order = 3)] public string Currency { get; set; } = "";
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class TariffElementType
{
    [XmlElement("priceComponent", Order = 1)] public PriceComponentType PriceComponent { get; set; } = new();
    [XmlElement("tariffRestriction", Order = 2)] public TariffRestrictionType TariffRestriction { get; set; } = new();
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class PriceComponentType
{
    [XmlElement("billingItem", Order = 1)] public BillingItemType BillingItem { get; set; } = new();
    [XmlIgnore] public decimal ItemPrice { get; set; }
    [XmlElement("itemPrice", Order = 2), EditorBrowsable(EditorBrowsableState.Never)]
    public string ItemPriceText { get => OchpFloat.Format(ItemPrice); set => ItemPrice = OchpFloat.Parse(value); }
    [XmlIgnore] public decimal StepSize { get; set; }
    [XmlElement("stepSize", Order = 3), EditorBrowsable(EditorBrowsableState.Never)]
    public string StepSizeText { get => OchpFloat.Format(StepSize); set => StepSize = OchpFloat.Parse(value); }
}

/// <summary>XSD <c>TariffRestrictionType</c>: when a price element applies; energy in kWh, power in kW, durations in s.</summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class TariffRestrictionType
{
    [XmlElement("regularHours", Order = 1)] public List<RegularHoursType> RegularHours { get; set; } = [];
    [XmlElement("startDateTime", Order = 2)] public DateTimeType? StartDateTime { get; set; }
    [XmlElement("endDateTime", Order = 3)] public DateTimeType? EndDateTime { get; set; }
    [XmlIgnore] public decimal? MinEnergy { get; set; }
    [XmlElement("minEnergy", Order = 4), EditorBrowsable(EditorBrowsableState.Never)]
    public string? MinEnergyText { get => OchpFloat.Format(MinEnergy); set => MinEnergy = OchpFloat.ParseOptional(value); }
    [XmlIgnore] public decimal? MaxEnergy { get; set; }
    [XmlElement("maxEnergy", Order = 5), EditorBrowsable(EditorBrowsableState.Never)]
    public string? MaxEnergyText { get => OchpFloat.Format(MaxEnergy); set => MaxEnergy = OchpFloat.ParseOptional(value); }
    [XmlIgnore] public decimal? MinPower { get; set; }
    [XmlElement("minPower", Order = 6), EditorBrowsable(EditorBrowsableState.Never)]
    public string? MinPowerText { get => OchpFloat.Format(MinPower); set => MinPower = OchpFloat.ParseOptional(value); }
    [XmlIgnore] public decimal? MaxPower { get; set; }
    [XmlElement("maxPower", Order = 7), EditorBrowsable(EditorBrowsableState.Never)]
    public string? MaxPowerText { get => OchpFloat.Format(MaxPower); set => MaxPower = OchpFloat.ParseOptional(value); }
    [XmlElement("minDuration", Order = 8)] public int? MinDuration { get; set; }
    public bool ShouldSerializeMinDuration() => MinDuration.HasValue;
    [XmlElement("maxDuration", Order = 9)] public int? MaxDuration { get; set; }
    public bool ShouldSerializeMaxDuration() => MaxDuration.HasValue;
}

/// <summary>
/// XSD <c>Result</c>: every response but GetStatus starts with it. <c>resultDescription</c> is required but nillable:
/// null is written as <c>xsi:nil="true"</c>.
/// </summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class Result
{
    [XmlElement("resultCode", Order = 1)] public ResultCodeType ResultCode { get; set; } = new();
    [XmlElement("resultDescription", Order = 2, IsNullable = true)] public string? ResultDescription { get; set; }

    public static Result Of(ResultCode code, string? description = null) =>
        new() { ResultCode = ResultCodeType.Of(code), ResultDescription = description };

    public static Result Ok(string? description = null) => Of(Ochp.ResultCode.Ok, description);
}
