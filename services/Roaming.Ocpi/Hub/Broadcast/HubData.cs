using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Roaming.Ocpi.Hub.Cdrs;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Broadcast;

/// <summary>
/// What the hub answers itself (<see cref="IHubData"/>): CDR pushes go to the clearing workflow (<see cref="ReceiveHubCdr"/>),
/// location, token and tariff pushes are kept and re-sent to the connected platforms (<see cref="ReceiveBroadcast"/>), and
/// GETs on the hub's own sender interfaces are answered from what the hub keeps (<see cref="ReadHubLists"/>), a CDR at the
/// URL the hub gave for it (<see cref="ReadHubCdr"/>).
/// </summary>
public sealed class HubData(ReceiveHubCdr cdrs, ReadHubCdr cdr, ReceiveBroadcast broadcasts, ReadHubLists lists) : IHubData
{
    public async Task<IResult> ReceiveAsync(HubCall call, JsonElement body, HttpContext http)
    {
        if (string.Equals(call.InterfaceRole, "RECEIVER", StringComparison.OrdinalIgnoreCase))
        {
            if (call.Module == Modules.Cdrs)
                return await cdrs.Handle(call, body, http);
            if (ReceiveBroadcast.Handles(call.Module))
                return await broadcasts.Handle(call, body, http.RequestAborted);
        }
        return OcpiResult.NotFound($"The hub takes no {call.Method} on {call.InterfaceRole.ToLowerInvariant()}/{call.Module} itself");
    }

    public async Task<IResult> ReadAsync(HubCall call, HttpContext http)
    {
        if (string.Equals(call.InterfaceRole, "SENDER", StringComparison.OrdinalIgnoreCase) && ReadHubLists.Handles(call.Module))
            return await lists.Handle(call, http);
        if (call.Module == Modules.Cdrs)
            return await cdr.Handle(call, http.RequestAborted);
        return OcpiResult.NotFound($"The hub serves no {call.InterfaceRole.ToLowerInvariant()}/{call.Module} itself");
    }
}
