using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Broadcast;

/// <summary>
/// GET on the hub's own sender interfaces (<c>sender/locations|tokens|tariffs|cdrs</c>), paged with date_from, date_to,
/// offset and limit, <c>Link</c> and <c>X-Total-Count</c> (ocpi.md 2.7): the locations and tariffs of the CPOs connected
/// with the caller's e-MSP parties, the tokens of the e-MSPs connected with its CPO parties, the CDRs of its e-MSP parties.
/// The caller's parties are those of its platform that its participant owns.
/// </summary>
public sealed class ReadHubLists(IOcpiStore store, HubObjectPages pages, HolderFields holders)
{
    public static bool Handles(string module) => ReceiveBroadcast.Handles(module) || module == Modules.Cdrs;

    public async Task<OcpiResult> Handle(HubCall call, HttpContext http)
    {
        if (call.Path.Count > 0)
            return OcpiResult.NotFound($"The hub's {call.Module} sender serves the list only; ask the owner's platform for one object (OCPI-to-* its party)");
        var page = Paging.Parse(http.Request.Query, out var error);
        if (page is null)
            return OcpiResult.InvalidParameters(error!);
        var cancellation = http.RequestAborted;
        IReadOnlyList<string> callerParties;
        IReadOnlyList<HubConnection> connections = [];
        await using (var session = store.QuerySession())
        {
            var participant = await session.LoadAsync<HubParticipant>(call.ParticipantId, cancellation);
            callerParties = participant is null ? [] : [.. call.Platform.PartiesSpokenFor().Where(participant.Owns)];
            if (call.Module != Modules.Cdrs && callerParties.Count > 0)
            {
                var readers = callerParties.ToArray();
                connections = HubRecipients.OwnedByProvider(call.Module)
                    ? await session.Query<HubConnection>().Where(c => c.Active && c.OperatorId.IsOneOf(readers)).ToListAsync(cancellation)
                    : await session.Query<HubConnection>().Where(c => c.Active && c.ProviderId.IsOneOf(readers)).ToListAsync(cancellation);
            }
        }
        var found = call.Module == Modules.Cdrs
            ? await pages.Read(call.Module, page, null, callerParties, cancellation)
            : await pages.Read(call.Module, page, HubRecipients.VisibleOwners(call.Module, callerParties, connections), null, cancellation);
        var items = (await holders.Reveal(call.Module, found.Jsons, cancellation)).Select(json => JsonDocument.Parse(json).RootElement).ToList();
        return Paging.Page(http.Request, page, items, found.Total, found.Last, found.More);
    }
}
