using System.Xml.Linq;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Soap;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.ChargePoints;

/// <summary>
/// GetChargePointList and GetChargePointListUpdates(lastUpdate): a provider reads the charge points of the operators
/// connected to one of its Provider-IDs, and no others; <c>roaming</c> when it has no connection at all.
/// </summary>
public static class ReadingChargePoints
{
    public static OchpHandlers AddChargePointReads(this OchpHandlers handlers) => handlers
        .Add("GetChargePointList", call => List(call, null))
        .Add("GetChargePointListUpdates", call => List(call, call.Read<GetChargePointListUpdatesRequest>().LastUpdate.ToInstant()));

    private static async Task<XElement> List(OchpCall call, NodaTime.Instant? since)
    {
        if (call.Caller.ConnectedOperators.Count == 0)
            return OchpResponses.Of(call.Operation, ResultCode.Roaming, "none of your Provider-IDs has a roaming connection to an operator");
        var entries = await call.EntriesOwnedBy(Datasets.Datasets.ChargePoints, call.Caller.ConnectedOperators);
        var items = entries.Where(e => since is null || e.ReceivedAt >= since)
            .Select(e => OchpResponses.Named(OchpResponses.Parse(e.Xml), "chargePointInfoArray"));
        return OchpResponses.Of(call.Operation, ResultCode.Ok, null, items);
    }
}
