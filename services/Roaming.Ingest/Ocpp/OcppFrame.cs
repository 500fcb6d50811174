using System.Text.Json;

namespace Roaming.Ingest.Ocpp;

/// <summary>
/// One OCPP-J WebSocket message, as read by <see cref="OcppFrameReader"/>. Reading never throws: a frame that
/// cannot be understood is a <see cref="MalformedFrame"/> carrying the CALLERROR to answer with (like SignalR's
/// <c>InvocationBindingFailureMessage</c>). Payload elements are detached from any pooled buffer and stay valid.
/// </summary>
public abstract record OcppFrame
{
    /// <summary>MessageTypeId of a CALL.</summary>
    public const int CallTypeId = 2;

    /// <summary>MessageTypeId of a CALLRESULT.</summary>
    public const int CallResultTypeId = 3;

    /// <summary>MessageTypeId of a CALLERROR.</summary>
    public const int CallErrorTypeId = 4;

    /// <summary>Longest message id OCPP allows (both versions).</summary>
    public const int MaxMessageIdLength = 36;

    /// <summary>The message id to answer with when the id of a frame could not be read (what ocpp-rpc sends).</summary>
    public const string UnknownMessageId = "-1";

    private protected OcppFrame()
    {
    }
}

/// <summary><c>[2, "&lt;messageId&gt;", "&lt;Action&gt;", {payload}]</c>. The payload is a JSON object, not yet schema-validated.</summary>
public sealed record Call(string MessageId, string Action, JsonElement Payload) : OcppFrame;

/// <summary><c>[3, "&lt;messageId&gt;", {payload}]</c>: the answer to a CALL this side sent; pair it by <see cref="MessageId"/>.</summary>
public sealed record CallResult(string MessageId, JsonElement Payload) : OcppFrame;

/// <summary>
/// <c>[4, "&lt;messageId&gt;", "&lt;errorCode&gt;", "&lt;errorDescription&gt;", {errorDetails}]</c>. <see cref="ErrorCode"/> is kept
/// exactly as received (either spelling of <c>FormationViolation</c>/<c>FormatViolation</c> and of the occurrence code,
/// or a vendor's own code); <see cref="KnownCode"/> is its parsed form. A missing description reads as <c>""</c>,
/// missing details as <c>{}</c>.
/// </summary>
public sealed record CallError(string MessageId, string ErrorCode, string Description, JsonElement Details) : OcppFrame
{
    public OcppErrorCode? KnownCode => OcppErrorCodes.TryParse(ErrorCode, out var code) ? code : null;
}

/// <summary>
/// A message that is not a valid CALL/CALLRESULT/CALLERROR. <see cref="MessageId"/> is <c>null</c> when the id could not
/// be read; answer with <see cref="ReplyMessageId"/> (<c>"-1"</c> then). <see cref="Error"/> already carries the code
/// for the connection's version (on 1.6 the framework errors are <see cref="OcppErrorCode.FormatViolation"/>).
/// </summary>
public sealed record MalformedFrame(string? MessageId, OcppError Error) : OcppFrame
{
    /// <summary>The MessageTypeId when it was a readable integer (also for unknown ones such as 5 or 6).</summary>
    public int? MessageTypeId { get; init; }

    /// <summary>The action, when the frame was a CALL whose action could be read.</summary>
    public string? Action { get; init; }

    /// <summary>
    /// False when the frame was recognisably a CALLRESULT or CALLERROR: OCPP never answers those, so log and drop
    /// (and fail the pending call when <see cref="MessageId"/> matches one). True for everything else.
    /// </summary>
    public bool ShouldReply => MessageTypeId is not (CallResultTypeId or CallErrorTypeId);

    public string ReplyMessageId => MessageId ?? UnknownMessageId;
}
