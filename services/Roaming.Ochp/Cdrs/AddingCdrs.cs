using System.Xml.Linq;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Roaming.Contracts.Clearing.V1;
using Roaming.Contracts.Identifiers;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Participants;
using Roaming.Ochp.Soap;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Cdrs;

/// <summary>
/// AddCDRs: an operator uploads CDRs (new ones, or revised/rejected re-uploads). They all go to the clearing workflow
/// in one <see cref="SubmitCdrs"/>, schema-broken ones marked with their problem; those it finds implausible or whose
/// provider is not connected are listed in <c>implausibleCdrsArray</c>.
/// </summary>
public static class AddingCdrs
{
    public static OchpHandlers AddCdrUploads(this OchpHandlers handlers) => handlers.Add("AddCDRs", Handle);

    /// <summary>
    /// <c>roaming</c> without any connection to a provider, <c>invalid-id</c> when none of the CDRs is at one of the
    /// caller's EVSEs (neither goes to clearing), else <c>ok</c> or <c>partly</c> when clearing refused some.
    /// </summary>
    public static ResultCode Decide(bool connected, bool anyOwnEvse, int refused) => (connected, anyOwnEvse, refused) switch
    {
        (false, _, _) => ResultCode.Roaming,
        (_, false, _) => ResultCode.InvalidId,
        (_, _, 0) => ResultCode.Ok,
        _ => ResultCode.Partly,
    };

    public static bool IsOwnEvse(OchpCaller caller, string? evseId) =>
        EvseId.TryParse(evseId, out var evse) && caller.OperatorIds.Contains(evse.OperatorId.ToString());

    public static bool Refused(CdrSubmissionOutcome outcome) =>
        outcome.Outcome is CdrSubmissionOutcomes.Implausible or CdrSubmissionOutcomes.NotConnected;

    private static async Task<XElement> Handle(OchpCall call)
    {
        var items = call.Items("cdrInfoArray").ToList();
        var connected = call.Caller.ConnectedProviders.Count > 0;
        var anyOwnEvse = items.Any(i => IsOwnEvse(call.Caller, i.Item.Child("evseId")));
        if (!connected || !anyOwnEvse)
        {
            var code = Decide(connected, anyOwnEvse, items.Count);
            var why = connected ? "none of these CDRs is at an EVSE of your Operator-IDs" : "none of your Operator-IDs has a roaming connection to a provider";
            return OchpResponses.Of(call.Operation, code, why, items.Select(i => CdrIdElement(i.Item.Child("CdrId") ?? "")));
        }

        var readable = new Queue<CdrInfo>(call.Read<AddCdrsRequest>().CdrInfoArray);
        var cdrs = items.Select(i => i.Problem is null ? CdrMapping.ToClearing(readable.Dequeue(), i.Item) : CdrMapping.Unreadable(i.Item, i.Problem)).ToList();

        var options = call.Services.GetRequiredService<IOptions<OchpOptions>>().Value;
        var clearing = call.Services.GetRequiredService<IRequestClient<SubmitCdrs>>();
        var submitted = await clearing.GetResponse<CdrsSubmitted>(new SubmitCdrs(call.Caller.ParticipantId, call.Caller.Actor, cdrs, call.ReceivedAt),
            call.Cancellation, RequestTimeout.After(ms: (int)options.ClearingTimeout.TotalMilliseconds));

        var refused = submitted.Message.Outcomes.Where(Refused).ToList();
        var description = refused.Count == 0 ? null
            : string.Join("; ", refused.Select(o => $"{o.CdrId}: {o.Outcome}{(o.FailedRule is null ? "" : $" ({o.FailedRule})")}{(o.Reason is null ? "" : $": {o.Reason}")}"));
        return OchpResponses.Of(call.Operation, Decide(connected, anyOwnEvse, refused.Count), description, refused.Select(o => CdrIdElement(o.CdrId)));
    }

    private static XElement CdrIdElement(string cdrId) => new(XName.Get("implausibleCdrsArray", OchpNamespaces.Ochp), cdrId);
}
