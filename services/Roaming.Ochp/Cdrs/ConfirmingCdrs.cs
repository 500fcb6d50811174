using System.Xml.Linq;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ochp.Soap;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Cdrs;

/// <summary>ConfirmCDRs: a provider approves or declines CDRs by <c>{cdrId, evseId}</c>; the clearing workflow decides each.</summary>
public static class ConfirmingCdrs
{
    public static OchpHandlers AddCdrConfirmations(this OchpHandlers handlers) => handlers.Add("ConfirmCDRs", Handle);

    /// <summary><c>ok</c> when every decision applied, <c>partly</c> when some did, <c>invalid-id</c> when none did.</summary>
    public static ResultCode Decide(int applied, int notApplied) => (applied, notApplied) switch
    {
        (_, 0) => ResultCode.Ok,
        (> 0, _) => ResultCode.Partly,
        _ => ResultCode.InvalidId,
    };

    private static async Task<XElement> Handle(OchpCall call)
    {
        var request = call.Read<ConfirmCdrsRequest>();
        if (request.Approved.Count + request.Declined.Count == 0)
            return OchpResponses.Of(call.Operation, ResultCode.Ok, "nothing to confirm");
        var options = call.Services.GetRequiredService<IOptions<OchpOptions>>().Value;
        var clearing = call.Services.GetRequiredService<IRequestClient<ConfirmCdrs>>();
        var confirmed = await clearing.GetResponse<CdrsConfirmed>(new ConfirmCdrs(call.Caller.ParticipantId, call.Caller.Actor,
                request.Approved.Select(Key).ToList(), request.Declined.Select(Key).ToList(), call.ReceivedAt),
            call.Cancellation, RequestTimeout.After(ms: (int)options.ClearingTimeout.TotalMilliseconds));
        var notApplied = confirmed.Message.Outcomes.Where(o => !o.Applied).ToList();
        var description = notApplied.Count == 0 ? null
            : string.Join("; ", notApplied.Select(o => $"{o.CdrId} ({o.EvseId}) not {o.Decision}: {o.Reason}"));
        return OchpResponses.Of(call.Operation, Decide(confirmed.Message.Outcomes.Count - notApplied.Count, notApplied.Count), description);
    }

    private static CdrKey Key(CdrConfirmation confirmation) => new(confirmation.CdrId, confirmation.EvseId);
}
