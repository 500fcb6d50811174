using System.Xml.Linq;

namespace Roaming.Protocols.Ochp;

/// <summary>The two SOAP ports of the clearing house: <c>/service/ochp/v1.4</c> and <c>/live/ochp/v1.4</c>.</summary>
public enum OchpPort
{
    Service,
    Live,
}

/// <summary>One WSDL operation: its port, its body elements, their types and the binding's SOAPAction.</summary>
public sealed record OchpOperation(
    string Name,
    OchpPort Port,
    XName RequestElement,
    XName ResponseElement,
    Type RequestType,
    Type ResponseType,
    string SoapAction);

/// <summary>
/// Every operation of the portTypes <c>OCHP_1.4</c> and <c>OCHP_1.4-live</c> (ochp.wsdl; OCHPdirect is not here).
/// Dispatch by the body's root element: clients send differing SOAPAction values.
/// </summary>
public static class OchpOperations
{
    private const string ServiceAction = "http://ochp.eu/1.4/";
    private const string LiveAction = "http://ochp.e-clearing.net/service/";

    public static IReadOnlyList<OchpOperation> All { get; } =
    [
        Service<AddCdrsRequest, AddCdrsResponse>("AddCDRs"),
        Service<GetCdrsRequest, GetCdrsResponse>("GetCDRs"),
        Service<CheckCdrsRequest, CheckCdrsResponse>("CheckCDRs"),
        Service<GetRoamingAuthorisationListRequest, GetRoamingAuthorisationListResponse>("GetRoamingAuthorisationList"),
        Service<SetRoamingAuthorisationListRequest, SetRoamingAuthorisationListResponse>("SetRoamingAuthorisationList"),
        Service<GetChargePointListRequest, GetChargePointListResponse>("GetChargePointList"),
        // The WSDL names the operation (and its SOAPAction) with a lower-case p, its elements with a capital P.
        Operation<SetChargePointListRequest, SetChargePointListResponse>(
            "SetChargepointList", OchpPort.Service, "SetChargePointList", ServiceAction + "SetChargepointList"),
        Service<GetRoamingAuthorisationListUpdatesRequest, GetRoamingAuthorisationListUpdatesResponse>("GetRoamingAuthorisationListUpdates"),
        Service<UpdateRoamingAuthorisationListRequest, UpdateRoamingAuthorisationListResponse>("UpdateRoamingAuthorisationList"),
        Service<ConfirmCdrsRequest, ConfirmCdrsResponse>("ConfirmCDRs"),
        Service<GetChargePointListUpdatesRequest, GetChargePointListUpdatesResponse>("GetChargePointListUpdates"),
        Service<UpdateChargePointListRequest, UpdateChargePointListResponse>("UpdateChargePointList"),
        Service<UpdateTariffsRequest, UpdateTariffsResponse>("UpdateTariffs"),
        Service<GetTariffUpdatesRequest, GetTariffUpdatesResponse>("GetTariffUpdates"),
        Service<GetSingleRoamingAuthorisationRequest, GetSingleRoamingAuthorisationResponse>("GetSingleRoamingAuthorisation"),
        Operation<UpdateStatusRequest, UpdateStatusResponse>("UpdateStatus", OchpPort.Live, "UpdateStatus", LiveAction + "UpdateStatus"),
        Operation<GetStatusRequest, GetStatusResponse>("GetStatus", OchpPort.Live, "GetStatus", LiveAction + "GetStatus"),
    ];

    private static readonly Dictionary<XName, OchpOperation> ByRequest = All.ToDictionary(o => o.RequestElement);
    private static readonly Dictionary<Type, OchpOperation> ByRequestType = All.ToDictionary(o => o.RequestType);

    public static OchpOperation? ByRequestElement(XName element) => ByRequest.GetValueOrDefault(element);

    public static OchpOperation For<TRequest>() =>
        ByRequestType.TryGetValue(typeof(TRequest), out var operation)
            ? operation
            : throw new ArgumentException($"{typeof(TRequest).Name} is not the request of an OCHP 1.4 operation");

    private static OchpOperation Service<TRequest, TResponse>(string name) =>
        Operation<TRequest, TResponse>(name, OchpPort.Service, name, ServiceAction + name);

    private static OchpOperation Operation<TRequest, TResponse>(string name, OchpPort port, string elementStem, string soapAction) =>
        new(name, port,
            XName.Get(elementStem + "Request", OchpNamespaces.Ochp),
            XName.Get(elementStem + "Response", OchpNamespaces.Ochp),
            typeof(TRequest), typeof(TResponse), soapAction);
}
