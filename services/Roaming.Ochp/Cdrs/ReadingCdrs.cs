using System.Xml.Linq;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ochp.Soap;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Cdrs;

/// <summary>
/// GetCDRs (a provider: the CDRs of its contracts from connected operators; default statuses accepted and revised)
/// and CheckCDRs (an operator: its own uploads; default status declined), each CDR as uploaded with its current
/// clearing status. CDRs an OCPI CPO pushed to the hub are read in their OCHP form (the bridge's mapping).
/// </summary>
public static class ReadingCdrs
{
    public static OchpHandlers AddCdrReads(this OchpHandlers handlers) => handlers
        .Add("GetCDRs", call => Handle(call, CdrRoles.Provider, call.Read<GetCdrsRequest>().CdrStatus, [CdrStatus.Accepted, CdrStatus.Revised]))
        .Add("CheckCDRs", call => Handle(call, CdrRoles.Operator, call.Read<CheckCdrsRequest>().CdrStatus, [CdrStatus.Declined]));

    /// <summary>The statuses asked for: the one named, or the operation's default.</summary>
    public static IReadOnlyList<string> Statuses(CdrStatusType? asked, IReadOnlyList<CdrStatus> defaults) =>
        asked is null ? defaults.Select(WireText.Of).ToList() : [WireText.Of(asked.Value)];

    private static async Task<XElement> Handle(OchpCall call, string role, CdrStatusType? asked, IReadOnlyList<CdrStatus> defaults)
    {
        var connected = role == CdrRoles.Provider ? call.Caller.ConnectedOperators.Count > 0 : call.Caller.OperatorIds.Count > 0;
        if (!connected)
            return OchpResponses.Of(call.Operation, ResultCode.Roaming, role == CdrRoles.Provider
                ? "none of your Provider-IDs has a roaming connection to an operator"
                : "you have no Operator-ID");
        var options = call.Services.GetRequiredService<IOptions<OchpOptions>>().Value;
        var clearing = call.Services.GetRequiredService<IRequestClient<FindCdrs>>();
        var found = await clearing.GetResponse<CdrsFound>(new FindCdrs(call.Caller.ParticipantId, role, Statuses(asked, defaults)),
            call.Cancellation, RequestTimeout.After(ms: (int)options.ClearingTimeout.TotalMilliseconds));
        var readable = found.Message.Cdrs.Select(c => (Cleared: c, Ochp: CdrMapping.Readable(c, "cdrInfoArray"))).ToList();
        var unreadable = readable.Where(r => !r.Ochp.IsMapped).Select(r => $"CDR {r.Cleared.Cdr.CdrId} ({r.Cleared.Cdr.Protocol}) has no OCHP form: "
            + string.Join("; ", r.Ochp.Problems)).ToList();
        // Never left out silently: the caller reads why in the result, and the operator in the log.
        foreach (var problem in unreadable)
            call.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReadingCdrs)).LogError("{Operation} for {Participant}: {Problem}",
                call.Operation.Name, call.Caller.ParticipantId, problem);
        return OchpResponses.Of(call.Operation, ResultCode.Ok, unreadable.Count == 0 ? null : string.Join(" | ", unreadable),
            readable.Where(r => r.Ochp.IsMapped).Select(r => r.Ochp.Value!));
    }
}
