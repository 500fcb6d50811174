using System.Xml.Linq;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Soap;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Authorisations;

/// <summary>
/// GetRoamingAuthorisationList, GetRoamingAuthorisationListUpdates(lastUpdate) and GetSingleRoamingAuthorisation: an
/// operator reads the tokens of the providers connected to one of its Operator-IDs, and no others. <c>roaming</c> when
/// it has no connection at all.
/// </summary>
public static class ReadingRoamingAuthorisations
{
    public static OchpHandlers AddRoamingAuthorisationReads(this OchpHandlers handlers) => handlers
        .Add("GetRoamingAuthorisationList", call => List(call, null, "roamingAuthorisationInfoArray"))
        .Add("GetRoamingAuthorisationListUpdates", call => List(call, call.Read<GetRoamingAuthorisationListUpdatesRequest>().LastUpdate.ToInstant(), "roamingAuthorisationInfo"))
        .Add("GetSingleRoamingAuthorisation", Single);

    private static async Task<XElement> List(OchpCall call, NodaTime.Instant? since, string itemName)
    {
        if (call.Caller.ConnectedProviders.Count == 0)
            return NoConnection(call);
        var entries = await call.EntriesOwnedBy(Datasets.Datasets.RoamingAuthorisations, call.Caller.ConnectedProviders);
        var items = entries.Where(e => since is null || e.ReceivedAt >= since)
            .Select(e => OchpResponses.Named(OchpResponses.Parse(e.Xml), itemName));
        return OchpResponses.Of(call.Operation, ResultCode.Ok, null, items);
    }

    private static async Task<XElement> Single(OchpCall call)
    {
        if (call.Caller.ConnectedProviders.Count == 0)
            return NoConnection(call);
        var key = EmtIdKeys.Of(call.Request.Element(XName.Get("emtId", OchpNamespaces.Ochp))!);
        var entries = await call.EntriesOwnedBy(Datasets.Datasets.RoamingAuthorisations, call.Caller.ConnectedProviders);
        // The same EMT-ID may come from two e-MSPs (it is unique per e-MSP only): the latest wins.
        var found = entries.LastOrDefault(e => e.Key == key);
        return found is null
            ? OchpResponses.Of(call.Operation, ResultCode.InvalidId, "no connected provider has a roaming authorisation for this EMT-ID")
            : OchpResponses.Of(call.Operation, ResultCode.Ok, null, [OchpResponses.Named(OchpResponses.Parse(found.Xml), "roamingAuthorisationInfo")]);
    }

    private static XElement NoConnection(OchpCall call) =>
        OchpResponses.Of(call.Operation, ResultCode.Roaming, "none of your Operator-IDs has a roaming connection to a provider");
}
