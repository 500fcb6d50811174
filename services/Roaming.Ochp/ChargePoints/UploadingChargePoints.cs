using System.Xml.Linq;
using Roaming.Contracts.Identifiers;
using Roaming.Ochp.Bridge.SendingToOcpi;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Participants;
using Roaming.Ochp.Soap;

namespace Roaming.Ochp.ChargePoints;

/// <summary>
/// SetChargepointList (the caller's whole list) and UpdateChargePointList (a delta by EVSE-ID): an operator publishes
/// its charge points. Each EVSE's operator must be one of the caller's Operator-IDs.
/// </summary>
public static class UploadingChargePoints
{
    private const string Item = "chargePointInfoArray";

    public static OchpHandlers AddChargePointUploads(this OchpHandlers handlers) => handlers
        .Add("SetChargepointList", call => Handle(call, entries => new ChargePointListSet(call.Caller.ParticipantId, entries), fullList: true))
        .Add("UpdateChargePointList", call => Handle(call, entries => new ChargePointListUpdated(call.Caller.ParticipantId, entries), fullList: false));

    /// <summary>An item keyed by its EVSE-ID and owned by that EVSE's operator, which must be the caller's.</summary>
    public static ItemVerdict JudgeEvse(OchpCaller caller, XElement item, string evseText, Func<EvseId, ReceivedEntry> entry)
    {
        if (!EvseId.TryParse(evseText, out var evseId))
            return ItemVerdict.Refused(item, $"evseId {evseText} is not an EVSE-ID");
        if (!caller.OperatorIds.Contains(evseId.OperatorId.ToString()))
            return ItemVerdict.NotYours(item, $"EVSE {evseText} belongs to {evseId.OperatorId}, which is not one of your Operator-IDs");
        return ItemVerdict.Accepted(item, entry(evseId));
    }

    private static async Task<XElement> Handle(OchpCall call, Func<IReadOnlyList<ReceivedEntry>, object> upload, bool fullList)
    {
        var verdicts = Uploads.Judge(call, Item, info => JudgeEvse(call.Caller, info, info.Child("evseId") ?? "",
            evse => new ReceivedEntry(evse.Normalised, evse.OperatorId.ToString(), info.Xml(), call.ReceivedAt)));
        var accepted = verdicts.AcceptedEntries();
        if (accepted.Count > 0)
            await call.Append(Datasets.Datasets.ChargePoints, upload(accepted), BridgingUploads.ChargePoints(call, accepted, fullList));
        return Uploads.Answer(call, verdicts, "refusedChargePointInfo", info => $"EVSE {info.Child("evseId") ?? "?"}");
    }
}
