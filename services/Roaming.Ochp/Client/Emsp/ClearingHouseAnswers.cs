using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Client.Emsp;

/// <summary>What a result code means for the items of a request we sent.</summary>
public enum ClearingHouseVerdict
{
    /// <summary><c>ok</c> or <c>partly</c>: applied, except the items the answer lists.</summary>
    Applied,
    /// <summary><c>invalid-id</c> or <c>format</c>: the clearing house refuses these items; sending them again changes nothing.</summary>
    Refused,
    /// <summary><c>not-authorized</c>, <c>server</c>, <c>roaming</c>: nothing was applied, and it may be later (a login fixed,
    /// the clearing house back, a roaming connection made): try again.</summary>
    TryAgain,
}

public static class ClearingHouseAnswers
{
    public static ClearingHouseVerdict Judge(ResultCode code) => code switch
    {
        ResultCode.Ok or ResultCode.Partly => ClearingHouseVerdict.Applied,
        ResultCode.InvalidId or ResultCode.Format => ClearingHouseVerdict.Refused,
        _ => ClearingHouseVerdict.TryAgain,
    };

    /// <summary><c>partly: some text</c>, as recorded and shown.</summary>
    public static string Describe(Result result) =>
        $"{Text(result.ResultCode.Value)}{(string.IsNullOrWhiteSpace(result.ResultDescription) ? "" : $": {result.ResultDescription}")}";

    public static string Text(ResultCode code) => code switch
    {
        ResultCode.Ok => "ok",
        ResultCode.Partly => "partly",
        ResultCode.NotAuthorized => "not-authorized",
        ResultCode.InvalidId => "invalid-id",
        ResultCode.Server => "server",
        ResultCode.Format => "format",
        _ => "roaming",
    };
}
