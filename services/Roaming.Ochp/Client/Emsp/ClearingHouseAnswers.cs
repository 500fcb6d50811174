using Roaming.Ochp.Client.Transport;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Client.Emsp;

/// <summary>
/// What an answer means for the items our e-MSP role sent (tokens, confirmations), on top of
/// <see cref="ClearingHouseResults"/>: only <c>invalid-id</c> and <c>format</c> speak about the items, and sending them
/// again changes nothing. <c>not-authorized</c> and <c>roaming</c> speak about us (a login, a missing roaming
/// connection) and <c>server</c> about the clearing house: the items wait and go again once that is fixed.
/// </summary>
public static class ClearingHouseAnswers
{
    public static bool Applied(ResultCode code) =>
        ClearingHouseResults.Judge(code) is ClearingHouseVerdict.Accepted or ClearingHouseVerdict.PartlyAccepted;

    public static bool RefusesTheItems(ResultCode code) => code is ResultCode.InvalidId or ResultCode.Format;

    /// <summary><c>partly: some text</c>, as recorded and shown.</summary>
    public static string Describe(Result result) =>
        $"{ClearingHouseResults.Text(result.ResultCode.Value)}{(string.IsNullOrWhiteSpace(result.ResultDescription) ? "" : $": {result.ResultDescription}")}";
}
