// Generated from the official OCPP 2.0.1 JSON schemas (spec/ocpp-schemas/2.0.1) and then reviewed by hand.
// Type names are the schema definition names, so they can be looked up in the specification.
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V201.Messages;

/// <summary>AuthorizeRequest (charging station → CSMS).</summary>
public sealed record AuthorizeRequest(
    [property: JsonPropertyName("idToken")] IdTokenType IdToken,
    [property: JsonPropertyName("certificate")] string? Certificate = null,
    [property: JsonPropertyName("iso15118CertificateHashData")] IReadOnlyList<OCSPRequestDataType>? Iso15118CertificateHashData = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>AuthorizeResponse.</summary>
public sealed record AuthorizeResponse(
    [property: JsonPropertyName("idTokenInfo")] IdTokenInfoType IdTokenInfo,
    [property: JsonPropertyName("certificateStatus")] AuthorizeCertificateStatusEnumType? CertificateStatus = null,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

public sealed record OCSPRequestDataType(
    [property: JsonPropertyName("hashAlgorithm")] HashAlgorithmEnumType HashAlgorithm,
    [property: JsonPropertyName("issuerNameHash")] string IssuerNameHash,
    [property: JsonPropertyName("issuerKeyHash")] string IssuerKeyHash,
    [property: JsonPropertyName("serialNumber")] string SerialNumber,
    [property: JsonPropertyName("responderURL")] string ResponderURL,
    [property: JsonPropertyName("customData")] CustomDataType? CustomData = null);

/// <summary>- if all certificates are valid: return 'Accepted'. - if one of the certificates was revoked, return 'CertificateRevoked'.</summary>
public enum AuthorizeCertificateStatusEnumType
{
    Accepted,
    SignatureError,
    CertificateExpired,
    CertificateRevoked,
    NoCertificateAvailable,
    CertChainError,
    ContractCancelled,
}

/// <summary>Used algorithms for the hashes provided.</summary>
public enum HashAlgorithmEnumType
{
    SHA256,
    SHA384,
    SHA512,
}
