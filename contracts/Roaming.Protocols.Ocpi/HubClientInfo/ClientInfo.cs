using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi.HubClientInfo;

/// <summary>OCPI 2.2.1 ClientInfo (mod_hub_client_info): a hub's report of one of its connected parties.</summary>
public sealed record ClientInfo
{
    [JsonPropertyName("party_id")] public string? PartyId { get; init; }
    [JsonPropertyName("country_code")] public string? CountryCode { get; init; }
    [JsonPropertyName("role")] public OcpiEnum<Role>? Role { get; init; }
    [JsonPropertyName("status")] public OcpiEnum<ConnectionStatus>? Status { get; init; }
    [JsonPropertyName("last_updated")] public Instant? LastUpdated { get; init; }

    public static bool TryRead(JsonElement json, [NotNullWhen(true)] out ClientInfo? info, out FieldErrors errors) =>
        OcpiJson.TryRead(json, Validate, out info, out errors);

    public static FieldErrors Validate(ClientInfo info)
    {
        var errors = new FieldErrors();
        errors.CiString("party_id", info.PartyId, 3, required: true);
        errors.CiString("country_code", info.CountryCode, 2, required: true);
        errors.KnownEnum("role", info.Role, required: true);
        errors.KnownEnum("status", info.Status, required: true);
        errors.DateTime("last_updated", info.LastUpdated, required: true);
        return errors;
    }
}

/// <summary>OCPI Role (types.asciidoc).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Role>))]
public enum Role
{
    [JsonStringEnumMemberName("CPO")] Cpo = 1,
    [JsonStringEnumMemberName("EMSP")] Emsp,
    [JsonStringEnumMemberName("HUB")] Hub,
    [JsonStringEnumMemberName("NAP")] Nap,
    [JsonStringEnumMemberName("NSP")] Nsp,
    [JsonStringEnumMemberName("OTHER")] Other,
    [JsonStringEnumMemberName("SCSP")] Scsp,
}

[JsonConverter(typeof(JsonStringEnumConverter<ConnectionStatus>))]
public enum ConnectionStatus
{
    [JsonStringEnumMemberName("CONNECTED")] Connected = 1,
    [JsonStringEnumMemberName("OFFLINE")] Offline,
    [JsonStringEnumMemberName("PLANNED")] Planned,
    [JsonStringEnumMemberName("SUSPENDED")] Suspended,
}
