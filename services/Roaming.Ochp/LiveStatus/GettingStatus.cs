using System.Xml.Linq;
using NodaTime;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Soap;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.LiveStatus;

/// <summary>
/// GetStatus (live port): a provider reads the status of the EVSEs of operators connected to one of its Provider-IDs.
/// An expired status reads as <c>unknown</c> without minor status. The response has no result element, so a caller
/// without any connection gets an empty response.
/// </summary>
public static class GettingStatus
{
    private static readonly XNamespace Ochp = OchpNamespaces.Ochp;

    public static OchpHandlers AddStatusReads(this OchpHandlers handlers) => handlers.Add("GetStatus", Handle);

    /// <summary>The status as it reads at <paramref name="now"/>: as received with its expiry as ttl, or unknown once expired.</summary>
    public static XElement AsOf(XElement received, Instant expiresAt, Instant now, string elementName)
    {
        if (now >= expiresAt)
            return new XElement(Ochp + elementName, new XAttribute("major", "unknown"), new XElement(Ochp + "evseId", received.Child("evseId")));
        var current = OchpResponses.Named(received, elementName);
        current.SetAttributeValue("ttl", DateTimeType.Format(expiresAt));
        return current;
    }

    private static async Task<XElement> Handle(OchpCall call)
    {
        var request = call.Read<GetStatusRequest>();
        var since = request.StartDateTime?.ToInstant();
        var kind = request.StatusType ?? StatusKind.Evse;
        if (kind == StatusKind.Parking)
            return new XElement(call.Operation.ResponseElement);
        var name = kind == StatusKind.Combined ? "combined" : "evse";
        var entries = await call.EntriesOwnedBy(Datasets.Datasets.EvseStatus, call.Caller.ConnectedOperators);
        return new XElement(call.Operation.ResponseElement, entries
            .Where(e => since is null || e.ReceivedAt >= since)
            .Select(e => AsOf(OchpResponses.Parse(e.Xml), e.ExpiresAt ?? e.ReceivedAt, call.ReceivedAt, name)));
    }
}
