using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>ChangeConfiguration.req (CSMS → charge point): set one configuration key.</summary>
public sealed record ChangeConfigurationRequest(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("value")] string Value);

/// <summary>ChangeConfiguration.conf.</summary>
public sealed record ChangeConfigurationResponse(
    [property: JsonPropertyName("status")] ConfigurationStatus Status);

public enum ConfigurationStatus
{
    Accepted,
    Rejected,
    RebootRequired,
    NotSupported,
}
