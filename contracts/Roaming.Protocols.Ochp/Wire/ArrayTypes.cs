using System.ComponentModel;
using System.Xml.Serialization;

// array-types.xsd: the objects exchanged in lists (repeated sibling elements named "…Array", no wrapper element).
namespace Roaming.Protocols.Ochp;

/// <summary>A whitelist entry: the token (element <c>EmtId</c>, capital E here), its contract and expiry.</summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class RoamingAuthorisationInfo
{
    [XmlElement("EmtId", Order = 1)] public EmtId EmtId { get; set; } = new();
    [XmlElement("contractId", Order = 2)] public string ContractId { get; set; } = "";
    [XmlElement("printedNumber", Order = 3)] public string? PrintedNumber { get; set; }
    [XmlElement("expiryDate", Order = 4)] public DateTimeType ExpiryDate { get; set; } = new();
}

public enum ChargePointType
{
    AC,
    DC,
}

/// <summary>
/// XSD <c>CDRInfo</c>: a charge detail record. Its id element is <c>CdrId</c> and its token element <c>emtId</c>
/// (the casing differs from other types). Amounts are net, in <see cref="Currency"/>.
/// </summary>
[XmlType("CDRInfo", Namespace = OchpNamespaces.Ochp)]
public sealed class CdrInfo
{
    [XmlElement("CdrId", Order = 1)] public string CdrId { get; set; } = "";
    [XmlElement("evseId", Order = 2)] public string EvseId { get; set; } = "";
    [XmlElement("emtId", Order = 3)] public EmtId EmtId { get; set; } = new();
    [XmlElement("contractId", Order = 4)] public string ContractId { get; set; } = "";
    [XmlElement("status", Order = 5)] public CdrStatusType Status { get; set; } = new();
    [XmlElement("startDateTime", Order = 6)] public LocalDateTimeType StartDateTime { get; set; } = new();
    [XmlElement("endDateTime", Order = 7)] public LocalDateTimeType EndDateTime { get; set; } = new();
    /// <summary><c>hhh:mm:ss</c>, e.g. <c>000:00:28</c>.</summary>
    [XmlElement("duration", Order = 8)] public string? Duration { get; set; }
    [XmlElement("chargePointAddress", Order = 9)] public AddressType ChargePointAddress { get; set; } = new();
    [XmlElement("chargePointType", Order = 10)] public ChargePointType ChargePointType { get; set; }
    [XmlElement("connectorType", Order = 11)] public ConnectorType ConnectorType { get; set; } = new();
    [XmlElement("ratings", Order = 12)] public RatingsType? Ratings { get; set; }
    [XmlElement("meterId", Order = 13)] public string? MeterId { get; set; }
    [XmlElement("chargingPeriods", Order = 14)] public List<CdrPeriodType> ChargingPeriods { get; set; } = [];
    [XmlIgnore] public decimal? TotalCost { get; set; }
    [XmlElement("totalCost", Order = 15), EditorBrowsable(EditorBrowsableState.Never)]
    public string? TotalCostText { get => OchpFloat.Format(TotalCost); set => TotalCost = OchpFloat.ParseOptional(value); }
    [XmlElement("currency", Order = 16)] public string Currency { get; set; } = "";
}

/// <summary>XSD <c>ChargePointInfo</c>: the static data of one EVSE (POI data).</summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class ChargePointInfo
{
    [XmlElement("evseId", Order = 1)] public string EvseId { get; set; } = "";
    [XmlElement("locationId", Order = 2)] public string LocationId { get; set; } = "";
    [XmlElement("timestamp", Order = 3)] public DateTimeType? Timestamp { get; set; }
    [XmlElement("locationName", Order = 4)] public string LocationName { get; set; } = "";
    /// <summary>ISO 639-3, upper case (<c>DEU</c>).</summary>
    [XmlElement("locationNameLang", Order = 5)] public string LocationNameLang { get; set; } = "";
    [XmlElement("images", Order = 6)] public List<EvseImageUrlType> Images { get; set; } = [];
    [XmlElement("relatedResource", Order = 7)] public List<RelatedResourceType> RelatedResource { get; set; } = [];
    [XmlElement("chargePointAddress", Order = 8)] public AddressType ChargePointAddress { get; set; } = new();
    [XmlElement("chargePointLocation", Order = 9)] public GeoPointType ChargePointLocation { get; set; } = new();
    [XmlElement("relatedLocation", Order = 10)] public List<AdditionalGeoPointType> RelatedLocation { get; set; } = [];
    /// <summary>IANA time zone, e.g. <c>Europe/Berlin</c>.</summary>
    [XmlElement("timeZone", Order = 11)] public string? TimeZone { get; set; }
    [XmlElement("openingTimes", Order = 12)] public HoursType? OpeningTimes { get; set; }
    [XmlElement("status", Order = 13)] public ChargePointStatusType? Status { get; set; }
    [XmlElement("statusSchedule", Order = 14)] public List<ChargePointScheduleType> StatusSchedule { get; set; } = [];
    [XmlElement("telephoneNumber", Order = 15)] public string? TelephoneNumber { get; set; }
    [XmlElement("location", Order = 16)] public GeneralLocationType Location { get; set; } = new();
    [XmlElement("parkingSpot", Order = 17)] public List<ParkingSpotInfo> ParkingSpot { get; set; } = [];
    [XmlElement("restriction", Order = 18)] public List<RestrictionType> Restriction { get; set; } = [];
    [XmlElement("authMethods", Order = 19)] public List<AuthMethodType> AuthMethods { get; set; } = [];
    [XmlElement("connectors", Order = 20)] public List<ConnectorType> Connectors { get; set; } = [];
    [XmlElement("chargePointType", Order = 21)] public ChargePointType ChargePointType { get; set; }
    [XmlElement("ratings", Order = 22)] public RatingsType? Ratings { get; set; }
    [XmlElement("userInterfaceLang", Order = 23)] public List<string> UserInterfaceLang { get; set; } = [];
    /// <summary>Minutes.</summary>
    [XmlElement("maxReservation", Order = 24)] public int? MaxReservation { get; set; }
    public bool ShouldSerializeMaxReservation() => MaxReservation.HasValue;
}

/// <summary>XSD <c>TariffInfo</c>: a whole tariff (always replaced as a whole), referenced by connectors' tariffId.</summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class TariffInfo
{
    [XmlElement("tariffId", Order = 1)] public string TariffId { get; set; } = "";
    [XmlElement("individualTariff", Order = 2)] public List<IndividualTariffType> IndividualTariff { get; set; } = [];
}
