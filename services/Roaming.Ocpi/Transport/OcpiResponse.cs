using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

namespace Roaming.Ocpi.Transport;

/// <summary>
/// The OCPI response envelope, on every answer including HTTP errors. <c>data</c> is left out when there is
/// none (the spec allows absent data where it does not say what it holds).
/// </summary>
public sealed record OcpiResponse(
    [property: JsonPropertyName("data")] JsonElement? Data,
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("status_message")] string? StatusMessage,
    [property: JsonPropertyName("timestamp")] Instant Timestamp);
