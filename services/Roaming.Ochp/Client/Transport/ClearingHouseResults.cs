using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Client.Transport;

/// <summary>What a client does with a clearing house's result code.</summary>
public enum ClearingHouseVerdict
{
    /// <summary><c>ok</c>: everything taken.</summary>
    Accepted,

    /// <summary><c>partly</c>: some items refused; the answer lists them (implausible / refused arrays).</summary>
    PartlyAccepted,

    /// <summary><c>server</c>: the clearing house failed; the same request is worth sending again later.</summary>
    RetryLater,

    /// <summary><c>not-authorized</c>, <c>invalid-id</c>, <c>format</c>, <c>roaming</c>: the same request would get the same answer.</summary>
    Refused,
}

public static class ClearingHouseResults
{
    public static ClearingHouseVerdict Judge(ResultCode code) => code switch
    {
        ResultCode.Ok => ClearingHouseVerdict.Accepted,
        ResultCode.Partly => ClearingHouseVerdict.PartlyAccepted,
        ResultCode.Server => ClearingHouseVerdict.RetryLater,
        _ => ClearingHouseVerdict.Refused,
    };

    public static ClearingHouseVerdict Judge(Result result) => Judge(result.ResultCode.Value);

    /// <summary>The wire text of a code (<c>not-authorized</c>), for events and logs.</summary>
    public static string Text(ResultCode code) => code switch
    {
        ResultCode.Ok => "ok",
        ResultCode.Partly => "partly",
        ResultCode.NotAuthorized => "not-authorized",
        ResultCode.InvalidId => "invalid-id",
        ResultCode.Server => "server",
        ResultCode.Format => "format",
        ResultCode.Roaming => "roaming",
        _ => code.ToString(),
    };
}
