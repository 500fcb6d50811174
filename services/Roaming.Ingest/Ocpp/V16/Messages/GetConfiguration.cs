using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>GetConfiguration.req (CSMS → charge point). No <see cref="Key"/> means all keys.</summary>
public sealed record GetConfigurationRequest(
    [property: JsonPropertyName("key")] IReadOnlyList<string>? Key = null);

/// <summary>GetConfiguration.conf.</summary>
public sealed record GetConfigurationResponse(
    [property: JsonPropertyName("configurationKey")] IReadOnlyList<KeyValue>? ConfigurationKey = null,
    [property: JsonPropertyName("unknownKey")] IReadOnlyList<string>? UnknownKey = null);

/// <summary>KeyValue: one configuration key as reported by the charge point.</summary>
public sealed record KeyValue(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("readonly")] bool Readonly,
    [property: JsonPropertyName("value")] string? Value = null);
