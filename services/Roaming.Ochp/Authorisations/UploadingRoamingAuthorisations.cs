using System.Xml.Linq;
using Roaming.Contracts.Identifiers;
using Roaming.Ochp.Bridge.SendingToOcpi;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Participants;
using Roaming.Ochp.Soap;

namespace Roaming.Ochp.Authorisations;

/// <summary>
/// SetRoamingAuthorisationList (the caller's whole list) and UpdateRoamingAuthorisationList (a delta by EMT-ID): an
/// e-MSP publishes the tokens its customers may charge with at connected operators. Each token's contract must belong to
/// one of the caller's Provider-IDs; remote tokens never go into authorisation lists.
/// </summary>
public static class UploadingRoamingAuthorisations
{
    private const string Item = "roamingAuthorisationInfoArray";

    public static OchpHandlers AddRoamingAuthorisationUploads(this OchpHandlers handlers) => handlers
        .Add("SetRoamingAuthorisationList", call => Handle(call, entries => new RoamingAuthorisationListSet(call.Caller.ParticipantId, entries), fullList: true))
        .Add("UpdateRoamingAuthorisationList", call => Handle(call, entries => new RoamingAuthorisationListUpdated(call.Caller.ParticipantId, entries), fullList: false));

    public static ItemVerdict Judge(OchpCaller caller, XElement info, NodaTime.Instant receivedAt)
    {
        var emtId = EmtIdKeys.EmtIdOf(info);
        if (emtId is null)
            return ItemVerdict.Refused(info, "EmtId is missing");
        if (emtId.Child("tokenType") == "remote")
            return ItemVerdict.Refused(info, "remote tokens are not distributed in authorisation lists");
        var contract = info.Child("contractId");
        if (!ContractId.TryParse(contract, out var contractId))
            return ItemVerdict.Refused(info, $"contractId {contract} is not a contract id (EMAID)");
        var provider = contractId.ProviderId.ToString();
        if (!caller.ProviderIds.Contains(provider))
            return ItemVerdict.NotYours(info, $"contract {contract} belongs to {provider}, which is not one of your Provider-IDs");
        return ItemVerdict.Accepted(info, new ReceivedEntry(EmtIdKeys.Of(emtId), provider, info.Xml(), receivedAt));
    }

    private static async Task<XElement> Handle(OchpCall call, Func<IReadOnlyList<ReceivedEntry>, object> upload, bool fullList)
    {
        var verdicts = Uploads.Judge(call, Item, info => Judge(call.Caller, info, call.ReceivedAt));
        var accepted = verdicts.AcceptedEntries();
        if (accepted.Count > 0)
            await call.Append(Datasets.Datasets.RoamingAuthorisations, upload(accepted), BridgingUploads.Tokens(call, accepted, fullList));
        return Uploads.Answer(call, verdicts, "refusedRoamingAuthorisationInfo", NameOf);
    }

    private static string NameOf(XElement info) =>
        $"token {EmtIdKeys.EmtIdOf(info)?.Child("instance") ?? "?"} (contract {info.Child("contractId") ?? "?"})";
}
