using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>Authorize.req.</summary>
public sealed record AuthorizeRequest(
    [property: JsonPropertyName("idTag")] string IdTag);

/// <summary>Authorize.conf.</summary>
public sealed record AuthorizeResponse(
    [property: JsonPropertyName("idTagInfo")] IdTagInfo IdTagInfo);
