using System.Text.Json;
using Marten;
using Roaming.Ocpi.Hub.Broadcast;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Cdrs;

/// <summary>
/// <c>GET receiver/cdrs/{country_code}/{party_id}/{id}</c>: the URL the hub gave in <c>Location</c> when it took a CDR. The
/// CPO that pushed it and the e-MSP it belongs to read it there once clearing has accepted it; before that (or when
/// clearing refused it) it is unknown here, and its clearing status is on Clearing's operator API.
/// </summary>
public sealed class ReadHubCdr(IOcpiStore store, HolderFields holders)
{
    public async Task<OcpiResult> Handle(HubCall call, CancellationToken cancellation)
    {
        if (call.Path.Count != 3)
            return OcpiResult.NotFound("Read a CDR at receiver/cdrs/{country_code}/{party_id}/{id}, the URL the hub answered with");
        await using var session = store.QuerySession();
        var cdr = await session.LoadAsync<HubObject>(HubObject.KeyFor(Modules.Cdrs, call.Path[0], call.Path[1], call.Path[2]), cancellation);
        var mayRead = cdr is not null && (call.Platform.SpeaksFor(cdr.CountryCode, cdr.PartyId) ||
                                          cdr.SharedWithParty is { } emsp && call.Platform.PartiesSpokenFor().Contains(emsp));
        return mayRead
            ? OcpiResult.Ok(JsonDocument.Parse(await holders.Reveal(Modules.Cdrs, cdr!.Json, cancellation)).RootElement)
            : OcpiResult.NotFound($"Unknown CDR {string.Join('/', call.Path)}: not accepted by clearing (yet), or not one of yours");
    }
}
