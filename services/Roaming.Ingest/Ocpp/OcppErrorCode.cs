namespace Roaming.Ingest.Ocpp;

/// <summary>
/// RPC error codes of OCPP-J, version-neutral. Spelling on the wire depends on the version: use
/// <see cref="OcppErrorCodes.ToWire"/> to write and <see cref="OcppErrorCodes.TryParse"/> to read.
/// </summary>
public enum OcppErrorCode
{
    /// <summary>Requested action is not known by the receiver.</summary>
    NotImplemented,

    /// <summary>Requested action is recognised but not supported by the receiver.</summary>
    NotSupported,

    /// <summary>The receiver failed internally (e.g. the event store append failed; the charger should retry).</summary>
    InternalError,

    /// <summary>Payload for the action is incomplete.</summary>
    ProtocolError,

    /// <summary>A security issue prevented the receiver from completing the action (2.0.1: also "not yet accepted").</summary>
    SecurityError,

    /// <summary>Payload is syntactically incorrect or does not follow the PDU structure (1.6 wire: <c>FormationViolation</c>).</summary>
    FormatViolation,

    /// <summary>At least one field holds an invalid value (enum, length, format, range).</summary>
    PropertyConstraintViolation,

    /// <summary>A field is missing or occurs too often (wire: <c>OccurenceConstraintViolation</c>, one "r", both versions).</summary>
    OccurrenceConstraintViolation,

    /// <summary>A field has the wrong JSON type.</summary>
    TypeConstraintViolation,

    /// <summary>Any other error.</summary>
    GenericError,

    /// <summary>2.0.1: not a valid RPC frame, e.g. the message id could not be read. 1.6 has no such code.</summary>
    RpcFrameworkError,

    /// <summary>2.0.1: unknown MessageTypeId. 1.6 has no such code.</summary>
    MessageTypeNotSupported,
}

public static class OcppErrorCodes
{
    /// <summary>
    /// The string to put in a CALLERROR for <paramref name="version"/>.
    /// <list type="bullet">
    /// <item>1.6: <c>FormationViolation</c> and <c>OccurenceConstraintViolation</c> (OCPP-J 1.6 errata §5:
    /// "known issues that will not be fixed"). 1.6 has no <c>RpcFrameworkError</c>/<c>MessageTypeNotSupported</c>;
    /// both become <c>FormationViolation</c>, the only 1.6 code about the structure of the PDU.</item>
    /// <item>2.0.1: <c>FormatViolation</c> (B06.FR.17) and <c>OccurenceConstraintViolation</c> (one "r": the 2.0.1
    /// schema-era spelling per mobilityhouse/ocpp#490 and ocpp-go#331; double "r" only from 2.1).</item>
    /// </list>
    /// </summary>
    public static string ToWire(this OcppErrorCode code, OcppVersion version) => (code, version) switch
    {
        (OcppErrorCode.FormatViolation, OcppVersion.V16) => "FormationViolation",
        (OcppErrorCode.RpcFrameworkError, OcppVersion.V16) => "FormationViolation",
        (OcppErrorCode.MessageTypeNotSupported, OcppVersion.V16) => "FormationViolation",
        (OcppErrorCode.FormatViolation, _) => "FormatViolation",
        (OcppErrorCode.OccurrenceConstraintViolation, _) => "OccurenceConstraintViolation",
        (OcppErrorCode.NotImplemented, _) => "NotImplemented",
        (OcppErrorCode.NotSupported, _) => "NotSupported",
        (OcppErrorCode.InternalError, _) => "InternalError",
        (OcppErrorCode.ProtocolError, _) => "ProtocolError",
        (OcppErrorCode.SecurityError, _) => "SecurityError",
        (OcppErrorCode.PropertyConstraintViolation, _) => "PropertyConstraintViolation",
        (OcppErrorCode.TypeConstraintViolation, _) => "TypeConstraintViolation",
        (OcppErrorCode.GenericError, _) => "GenericError",
        (OcppErrorCode.RpcFrameworkError, _) => "RpcFrameworkError",
        (OcppErrorCode.MessageTypeNotSupported, _) => "MessageTypeNotSupported",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    /// <summary>
    /// Reads an error code from an inbound CALLERROR, whatever the version: accepts
    /// <c>FormationViolation</c>/<c>FormatViolation</c> and <c>OccurenceConstraintViolation</c>/<c>OccurrenceConstraintViolation</c>,
    /// and ignores case. Returns false for codes outside OCPP (chargers do invent some).
    /// </summary>
    public static bool TryParse(string? wire, out OcppErrorCode code)
    {
        switch (wire?.Trim().ToLowerInvariant())
        {
            case "notimplemented": code = OcppErrorCode.NotImplemented; return true;
            case "notsupported": code = OcppErrorCode.NotSupported; return true;
            case "internalerror": code = OcppErrorCode.InternalError; return true;
            case "protocolerror": code = OcppErrorCode.ProtocolError; return true;
            case "securityerror": code = OcppErrorCode.SecurityError; return true;
            case "formationviolation":
            case "formatviolation": code = OcppErrorCode.FormatViolation; return true;
            case "propertyconstraintviolation": code = OcppErrorCode.PropertyConstraintViolation; return true;
            case "occurenceconstraintviolation":
            case "occurrenceconstraintviolation": code = OcppErrorCode.OccurrenceConstraintViolation; return true;
            case "typeconstraintviolation": code = OcppErrorCode.TypeConstraintViolation; return true;
            case "genericerror": code = OcppErrorCode.GenericError; return true;
            case "rpcframeworkerror": code = OcppErrorCode.RpcFrameworkError; return true;
            case "messagetypenotsupported": code = OcppErrorCode.MessageTypeNotSupported; return true;
            default: code = default; return false;
        }
    }

    /// <summary>
    /// The code to actually use on <paramref name="version"/>: on 1.6 the 2.0.1-only framework codes become
    /// <see cref="OcppErrorCode.FormatViolation"/> so that metrics and logs show what went on the wire.
    /// </summary>
    public static OcppErrorCode ForVersion(this OcppErrorCode code, OcppVersion version) =>
        version == OcppVersion.V16 && code is OcppErrorCode.RpcFrameworkError or OcppErrorCode.MessageTypeNotSupported
            ? OcppErrorCode.FormatViolation
            : code;
}
