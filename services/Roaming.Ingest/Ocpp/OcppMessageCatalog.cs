using System.Collections.Frozen;
using Ocpp16 = Roaming.Ingest.Ocpp.V16.Messages;
using Ocpp201 = Roaming.Ingest.Ocpp.V201.Messages;

namespace Roaming.Ingest.Ocpp;

public enum OcppMessageDirection
{
    /// <summary>The charger sends the CALL, the CSMS answers.</summary>
    ChargerToCsms,

    /// <summary>The CSMS sends the CALL, the charger answers.</summary>
    CsmsToCharger,

    /// <summary>Either side may call (DataTransfer).</summary>
    Both,
}

/// <summary>The DTO pair of one action.</summary>
public sealed record OcppMessageTypes(OcppVersion Version, string Action, Type Request, Type Response, OcppMessageDirection Direction);

/// <summary>
/// Which actions have typed DTOs (<c>Ocpp/V16/Messages</c>, <c>Ocpp/V201/Messages</c>) and which types they are. Actions
/// with a schema but no DTO (e.g. 1.6 SendLocalList, 2.0.1 NotifyEVChargingNeeds) are still validated by
/// <see cref="OcppSchemas"/>; answer them with <see cref="OcppErrorCode.NotSupported"/> or handle them as raw JSON.
/// </summary>
public static class OcppMessageCatalog
{
    private static readonly FrozenDictionary<(OcppVersion, string), OcppMessageTypes> ByAction = new[]
    {
        Entry<Ocpp16.BootNotificationRequest, Ocpp16.BootNotificationResponse>(OcppVersion.V16, "BootNotification", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp16.HeartbeatRequest, Ocpp16.HeartbeatResponse>(OcppVersion.V16, "Heartbeat", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp16.StatusNotificationRequest, Ocpp16.StatusNotificationResponse>(OcppVersion.V16, "StatusNotification", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp16.AuthorizeRequest, Ocpp16.AuthorizeResponse>(OcppVersion.V16, "Authorize", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp16.StartTransactionRequest, Ocpp16.StartTransactionResponse>(OcppVersion.V16, "StartTransaction", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp16.StopTransactionRequest, Ocpp16.StopTransactionResponse>(OcppVersion.V16, "StopTransaction", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp16.MeterValuesRequest, Ocpp16.MeterValuesResponse>(OcppVersion.V16, "MeterValues", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp16.DataTransferRequest, Ocpp16.DataTransferResponse>(OcppVersion.V16, "DataTransfer", OcppMessageDirection.Both),
        Entry<Ocpp16.DiagnosticsStatusNotificationRequest, Ocpp16.DiagnosticsStatusNotificationResponse>(OcppVersion.V16, "DiagnosticsStatusNotification", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp16.FirmwareStatusNotificationRequest, Ocpp16.FirmwareStatusNotificationResponse>(OcppVersion.V16, "FirmwareStatusNotification", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp16.RemoteStartTransactionRequest, Ocpp16.RemoteStartTransactionResponse>(OcppVersion.V16, "RemoteStartTransaction", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp16.RemoteStopTransactionRequest, Ocpp16.RemoteStopTransactionResponse>(OcppVersion.V16, "RemoteStopTransaction", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp16.UnlockConnectorRequest, Ocpp16.UnlockConnectorResponse>(OcppVersion.V16, "UnlockConnector", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp16.ResetRequest, Ocpp16.ResetResponse>(OcppVersion.V16, "Reset", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp16.ChangeAvailabilityRequest, Ocpp16.ChangeAvailabilityResponse>(OcppVersion.V16, "ChangeAvailability", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp16.TriggerMessageRequest, Ocpp16.TriggerMessageResponse>(OcppVersion.V16, "TriggerMessage", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp16.ChangeConfigurationRequest, Ocpp16.ChangeConfigurationResponse>(OcppVersion.V16, "ChangeConfiguration", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp16.GetConfigurationRequest, Ocpp16.GetConfigurationResponse>(OcppVersion.V16, "GetConfiguration", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp16.ReserveNowRequest, Ocpp16.ReserveNowResponse>(OcppVersion.V16, "ReserveNow", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp16.CancelReservationRequest, Ocpp16.CancelReservationResponse>(OcppVersion.V16, "CancelReservation", OcppMessageDirection.CsmsToCharger),

        Entry<Ocpp201.BootNotificationRequest, Ocpp201.BootNotificationResponse>(OcppVersion.V201, "BootNotification", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp201.HeartbeatRequest, Ocpp201.HeartbeatResponse>(OcppVersion.V201, "Heartbeat", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp201.StatusNotificationRequest, Ocpp201.StatusNotificationResponse>(OcppVersion.V201, "StatusNotification", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp201.AuthorizeRequest, Ocpp201.AuthorizeResponse>(OcppVersion.V201, "Authorize", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp201.TransactionEventRequest, Ocpp201.TransactionEventResponse>(OcppVersion.V201, "TransactionEvent", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp201.MeterValuesRequest, Ocpp201.MeterValuesResponse>(OcppVersion.V201, "MeterValues", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp201.NotifyEventRequest, Ocpp201.NotifyEventResponse>(OcppVersion.V201, "NotifyEvent", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp201.SecurityEventNotificationRequest, Ocpp201.SecurityEventNotificationResponse>(OcppVersion.V201, "SecurityEventNotification", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp201.DataTransferRequest, Ocpp201.DataTransferResponse>(OcppVersion.V201, "DataTransfer", OcppMessageDirection.Both),
        Entry<Ocpp201.FirmwareStatusNotificationRequest, Ocpp201.FirmwareStatusNotificationResponse>(OcppVersion.V201, "FirmwareStatusNotification", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp201.LogStatusNotificationRequest, Ocpp201.LogStatusNotificationResponse>(OcppVersion.V201, "LogStatusNotification", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp201.NotifyReportRequest, Ocpp201.NotifyReportResponse>(OcppVersion.V201, "NotifyReport", OcppMessageDirection.ChargerToCsms),
        Entry<Ocpp201.RequestStartTransactionRequest, Ocpp201.RequestStartTransactionResponse>(OcppVersion.V201, "RequestStartTransaction", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp201.RequestStopTransactionRequest, Ocpp201.RequestStopTransactionResponse>(OcppVersion.V201, "RequestStopTransaction", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp201.UnlockConnectorRequest, Ocpp201.UnlockConnectorResponse>(OcppVersion.V201, "UnlockConnector", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp201.ResetRequest, Ocpp201.ResetResponse>(OcppVersion.V201, "Reset", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp201.ChangeAvailabilityRequest, Ocpp201.ChangeAvailabilityResponse>(OcppVersion.V201, "ChangeAvailability", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp201.TriggerMessageRequest, Ocpp201.TriggerMessageResponse>(OcppVersion.V201, "TriggerMessage", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp201.SetVariablesRequest, Ocpp201.SetVariablesResponse>(OcppVersion.V201, "SetVariables", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp201.GetVariablesRequest, Ocpp201.GetVariablesResponse>(OcppVersion.V201, "GetVariables", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp201.ReserveNowRequest, Ocpp201.ReserveNowResponse>(OcppVersion.V201, "ReserveNow", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp201.CancelReservationRequest, Ocpp201.CancelReservationResponse>(OcppVersion.V201, "CancelReservation", OcppMessageDirection.CsmsToCharger),
        Entry<Ocpp201.ReservationStatusUpdateRequest, Ocpp201.ReservationStatusUpdateResponse>(OcppVersion.V201, "ReservationStatusUpdate", OcppMessageDirection.ChargerToCsms),
    }.ToFrozenDictionary(t => (t.Version, t.Action));

    public static IReadOnlyList<OcppMessageTypes> All { get; } = ByAction.Values.OrderBy(t => t.Version).ThenBy(t => t.Action, StringComparer.Ordinal).ToList();

    public static bool TryGet(OcppVersion version, string action, out OcppMessageTypes types) =>
        ByAction.TryGetValue((version, action), out types!);

    private static OcppMessageTypes Entry<TRequest, TResponse>(OcppVersion version, string action, OcppMessageDirection direction) =>
        new(version, action, typeof(TRequest), typeof(TResponse), direction);
}
