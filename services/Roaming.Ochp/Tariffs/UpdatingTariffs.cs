using System.Xml.Linq;
using Roaming.Contracts.Identifiers;
using Roaming.Ochp.Bridge.SendingToOcpi;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Participants;
using Roaming.Ochp.Soap;

namespace Roaming.Ochp.Tariffs;

/// <summary>
/// UpdateTariffs: an operator publishes whole tariffs. A tariff id starts with its operator's id (<c>DE*ABC*T1</c>,
/// <c>DEABCT1</c>), which must be one of the caller's Operator-IDs.
/// </summary>
public static class UpdatingTariffs
{
    public static OchpHandlers AddTariffUpdates(this OchpHandlers handlers) => handlers.Add("UpdateTariffs", Handle);

    /// <summary>The tariff id without separators, upper case: the key, whose first five characters are the operator.</summary>
    public static string Compact(string tariffId) => tariffId.Replace("*", "", StringComparison.Ordinal).ToUpperInvariant();

    public static ItemVerdict Judge(OchpCaller caller, XElement tariff, NodaTime.Instant receivedAt)
    {
        var tariffId = tariff.Child("tariffId") ?? "";
        var key = Compact(tariffId);
        if (key.Length < 6 || !OperatorId.TryParse(key[..5], out var operatorId))
            return ItemVerdict.Refused(tariff, $"tariffId {tariffId} does not start with an Operator-ID");
        if (!caller.OperatorIds.Contains(operatorId.ToString()))
            return ItemVerdict.NotYours(tariff, $"tariff {tariffId} belongs to {operatorId}, which is not one of your Operator-IDs");
        return ItemVerdict.Accepted(tariff, new ReceivedEntry(key, operatorId.ToString(), tariff.Xml(), receivedAt));
    }

    private static async Task<XElement> Handle(OchpCall call)
    {
        var verdicts = Uploads.Judge(call, "TariffInfoArray", tariff => Judge(call.Caller, tariff, call.ReceivedAt));
        var accepted = verdicts.AcceptedEntries();
        if (accepted.Count > 0)
            await call.Append(Datasets.Datasets.Tariffs, new TariffsUpdated(call.Caller.ParticipantId, accepted), BridgingUploads.Tariffs(call, accepted));
        return Uploads.Answer(call, verdicts, "refusedTariffInfo", tariff => $"tariff {tariff.Child("tariffId") ?? "?"}");
    }
}
