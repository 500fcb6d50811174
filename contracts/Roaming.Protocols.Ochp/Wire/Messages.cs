using System.Xml.Serialization;

// message-elements.xsd: the request and response element of every operation of the main and live port types.
namespace Roaming.Protocols.Ochp;

/// <summary>A CDR's key in ConfirmCDRs (its elements are <c>cdrId</c> and <c>evseId</c>, lower-case c here).</summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class CdrConfirmation
{
    [XmlElement("cdrId", Order = 1)] public string CdrId { get; set; } = "";
    [XmlElement("evseId", Order = 2)] public string EvseId { get; set; } = "";
}

/// <summary>CPO → CHS: upload CDRs with status new (or revised/rejected for a re-upload).</summary>
[XmlRoot("AddCDRsRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("AddCDRsRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class AddCdrsRequest
{
    [XmlElement("cdrInfoArray", Order = 1)] public List<CdrInfo> CdrInfoArray { get; set; } = [];
}

[XmlRoot("AddCDRsResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("AddCDRsResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class AddCdrsResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("implausibleCdrsArray", Order = 2)] public List<string> ImplausibleCdrsArray { get; set; } = [];
}

/// <summary>EMP → CHS: CDRs of its contracts, by default accepted and revised ones.</summary>
[XmlRoot("GetCDRsRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetCDRsRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetCdrsRequest
{
    [XmlElement("cdrStatus", Order = 1)] public CdrStatusType? CdrStatus { get; set; }
}

[XmlRoot("GetCDRsResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetCDRsResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetCdrsResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("cdrInfoArray", Order = 2)] public List<CdrInfo> CdrInfoArray { get; set; } = [];
}

/// <summary>CPO → CHS: its own CDRs, by default the declined ones.</summary>
[XmlRoot("CheckCDRsRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("CheckCDRsRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class CheckCdrsRequest
{
    [XmlElement("cdrStatus", Order = 1)] public CdrStatusType? CdrStatus { get; set; }
}

[XmlRoot("CheckCDRsResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("CheckCDRsResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class CheckCdrsResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("cdrInfoArray", Order = 2)] public List<CdrInfo> CdrInfoArray { get; set; } = [];
}

/// <summary>EMP → CHS: approve or decline CDRs received with GetCDRs (by cdrId and evseId).</summary>
[XmlRoot("ConfirmCDRsRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("ConfirmCDRsRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class ConfirmCdrsRequest
{
    [XmlElement("approved", Order = 1)] public List<CdrConfirmation> Approved { get; set; } = [];
    [XmlElement("declined", Order = 2)] public List<CdrConfirmation> Declined { get; set; } = [];
}

[XmlRoot("ConfirmCDRsResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("ConfirmCDRsResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class ConfirmCdrsResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
}

/// <summary>CPO → CHS: all tokens of the EMPs it has a roaming connection with.</summary>
[XmlRoot("GetRoamingAuthorisationListRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetRoamingAuthorisationListRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetRoamingAuthorisationListRequest
{
}

[XmlRoot("GetRoamingAuthorisationListResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetRoamingAuthorisationListResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetRoamingAuthorisationListResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("roamingAuthorisationInfoArray", Order = 2)] public List<RoamingAuthorisationInfo> RoamingAuthorisationInfoArray { get; set; } = [];
}

/// <summary>EMP → CHS: replace its whole token list.</summary>
[XmlRoot("SetRoamingAuthorisationListRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("SetRoamingAuthorisationListRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class SetRoamingAuthorisationListRequest
{
    [XmlElement("roamingAuthorisationInfoArray", Order = 1)] public List<RoamingAuthorisationInfo> RoamingAuthorisationInfoArray { get; set; } = [];
}

[XmlRoot("SetRoamingAuthorisationListResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("SetRoamingAuthorisationListResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class SetRoamingAuthorisationListResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("refusedRoamingAuthorisationInfo", Order = 2)] public List<RoamingAuthorisationInfo> RefusedRoamingAuthorisationInfo { get; set; } = [];
}

/// <summary>EMP → CHS: add or replace tokens (by EMT-ID).</summary>
[XmlRoot("UpdateRoamingAuthorisationListRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("UpdateRoamingAuthorisationListRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class UpdateRoamingAuthorisationListRequest
{
    [XmlElement("roamingAuthorisationInfoArray", Order = 1)] public List<RoamingAuthorisationInfo> RoamingAuthorisationInfoArray { get; set; } = [];
}

[XmlRoot("UpdateRoamingAuthorisationListResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("UpdateRoamingAuthorisationListResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class UpdateRoamingAuthorisationListResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("refusedRoamingAuthorisationInfo", Order = 2)] public List<RoamingAuthorisationInfo> RefusedRoamingAuthorisationInfo { get; set; } = [];
}

/// <summary>CPO → CHS: tokens changed since lastUpdate (the response element is roamingAuthorisationInfo, not …Array).</summary>
[XmlRoot("GetRoamingAuthorisationListUpdatesRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetRoamingAuthorisationListUpdatesRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetRoamingAuthorisationListUpdatesRequest
{
    [XmlElement("lastUpdate", Order = 1)] public DateTimeType LastUpdate { get; set; } = new();
}

[XmlRoot("GetRoamingAuthorisationListUpdatesResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetRoamingAuthorisationListUpdatesResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetRoamingAuthorisationListUpdatesResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("roamingAuthorisationInfo", Order = 2)] public List<RoamingAuthorisationInfo> RoamingAuthorisationInfo { get; set; } = [];
}

/// <summary>CPO → CHS: look one token up in the CHS's token repository.</summary>
[XmlRoot("GetSingleRoamingAuthorisationRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetSingleRoamingAuthorisationRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetSingleRoamingAuthorisationRequest
{
    [XmlElement("emtId", Order = 1)] public EmtId EmtId { get; set; } = new();
}

[XmlRoot("GetSingleRoamingAuthorisationResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetSingleRoamingAuthorisationResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetSingleRoamingAuthorisationResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("roamingAuthorisationInfo", Order = 2)] public RoamingAuthorisationInfo? RoamingAuthorisationInfo { get; set; }
}

/// <summary>NSP/EMP → CHS: all charge points it may see.</summary>
[XmlRoot("GetChargePointListRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetChargePointListRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetChargePointListRequest
{
}

[XmlRoot("GetChargePointListResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetChargePointListResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetChargePointListResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("chargePointInfoArray", Order = 2)] public List<ChargePointInfo> ChargePointInfoArray { get; set; } = [];
}

/// <summary>CPO → CHS: replace its whole charge point list (operation SetChargepointList, lower-case p).</summary>
[XmlRoot("SetChargePointListRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("SetChargePointListRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class SetChargePointListRequest
{
    [XmlElement("chargePointInfoArray", Order = 1)] public List<ChargePointInfo> ChargePointInfoArray { get; set; } = [];
}

[XmlRoot("SetChargePointListResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("SetChargePointListResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class SetChargePointListResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("refusedChargePointInfo", Order = 2)] public List<ChargePointInfo> RefusedChargePointInfo { get; set; } = [];
}

/// <summary>CPO → CHS: add or replace charge points (by EVSE-ID).</summary>
[XmlRoot("UpdateChargePointListRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("UpdateChargePointListRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class UpdateChargePointListRequest
{
    [XmlElement("chargePointInfoArray", Order = 1)] public List<ChargePointInfo> ChargePointInfoArray { get; set; } = [];
}

[XmlRoot("UpdateChargePointListResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("UpdateChargePointListResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class UpdateChargePointListResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("refusedChargePointInfo", Order = 2)] public List<ChargePointInfo> RefusedChargePointInfo { get; set; } = [];
}

/// <summary>NSP/EMP → CHS: charge points changed since lastUpdate.</summary>
[XmlRoot("GetChargePointListUpdatesRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetChargePointListUpdatesRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetChargePointListUpdatesRequest
{
    [XmlElement("lastUpdate", Order = 1)] public DateTimeType LastUpdate { get; set; } = new();
}

[XmlRoot("GetChargePointListUpdatesResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetChargePointListUpdatesResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetChargePointListUpdatesResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("chargePointInfoArray", Order = 2)] public List<ChargePointInfo> ChargePointInfoArray { get; set; } = [];
}

/// <summary>CPO → CHS: upload whole tariffs (element TariffInfoArray, capital T).</summary>
[XmlRoot("UpdateTariffsRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("UpdateTariffsRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class UpdateTariffsRequest
{
    [XmlElement("TariffInfoArray", Order = 1)] public List<TariffInfo> TariffInfoArray { get; set; } = [];
}

[XmlRoot("UpdateTariffsResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("UpdateTariffsResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class UpdateTariffsResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("refusedTariffInfo", Order = 2)] public List<TariffInfo> RefusedTariffInfo { get; set; } = [];
}

/// <summary>EMP → CHS: tariffs changed since lastUpdate (absent: all valid ones) where it is a recipient or that are default.</summary>
[XmlRoot("GetTariffUpdatesRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetTariffUpdatesRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetTariffUpdatesRequest
{
    [XmlElement("lastUpdate", Order = 1)] public DateTimeType? LastUpdate { get; set; }
}

[XmlRoot("GetTariffUpdatesResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetTariffUpdatesResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetTariffUpdatesResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
    [XmlElement("TariffInfoArray", Order = 2)] public List<TariffInfo> TariffInfoArray { get; set; } = [];
}

/// <summary>CPO/PSO → CHS (live port): the live status of EVSEs and parking spots; ttl is the default time to live.</summary>
[XmlRoot("UpdateStatusRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("UpdateStatusRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class UpdateStatusRequest
{
    [XmlElement("evse", Order = 1)] public List<EvseStatusType> Evse { get; set; } = [];
    [XmlElement("parking", Order = 2)] public List<ParkingStatusType> Parking { get; set; } = [];
    [XmlElement("ttl", Order = 3)] public DateTimeType? Ttl { get; set; }
}

[XmlRoot("UpdateStatusResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("UpdateStatusResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class UpdateStatusResponse
{
    [XmlElement("result", Order = 1)] public Result Result { get; set; } = new();
}

public enum StatusKind
{
    [XmlEnum("evse")] Evse,
    [XmlEnum("parking")] Parking,
    [XmlEnum("combined")] Combined,
}

/// <summary>NSP/EMP → CHS (live port): live status changed since startDateTime, of EVSEs (default), parking spots or both.</summary>
[XmlRoot("GetStatusRequest", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetStatusRequest", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetStatusRequest
{
    [XmlElement("startDateTime", Order = 1)] public DateTimeType? StartDateTime { get; set; }
    [XmlElement("statusType", Order = 2)] public StatusKind? StatusType { get; set; }
    public bool ShouldSerializeStatusType() => StatusType.HasValue;
}

/// <summary>
/// The one response without a <c>result</c>: an xs:choice, so only one of the three lists may be filled, the one the
/// request's statusType asked for.
/// </summary>
[XmlRoot("GetStatusResponse", Namespace = OchpNamespaces.Ochp)]
[XmlType("GetStatusResponse", Namespace = OchpNamespaces.Ochp, AnonymousType = true)]
public sealed class GetStatusResponse
{
    [XmlElement("combined", Order = 1)] public List<EvseStatusType> Combined { get; set; } = [];
    [XmlElement("evse", Order = 2)] public List<EvseStatusType> Evse { get; set; } = [];
    [XmlElement("parking", Order = 3)] public List<ParkingStatusType> Parking { get; set; } = [];
}
