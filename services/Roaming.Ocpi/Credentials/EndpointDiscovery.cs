using System.Text.Json;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Ocpi.Credentials;

/// <summary>What we learnt from a partner's versions URL, or why we could not (an OCPI code to answer with).</summary>
public sealed record Discovery(IReadOnlyList<Endpoint>? Endpoints, bool EncodeToken, int StatusCode, string? Problem)
{
    public static Discovery Failed(int statusCode, string problem) => new(null, true, statusCode, problem);
}

/// <summary>Handshake step 2/4: GET the partner's versions, pick 2.2.1, GET its details and keep the endpoints.</summary>
public static class EndpointDiscovery
{
    public static async Task<Discovery> Discover(OcpiClient client, string versionsUrl, string token, bool encodeToken, CancellationToken cancellationToken)
    {
        var (versions, encode) = await client.SendTryingBothForms(new OcpiCall(HttpMethod.Get, versionsUrl, token, encodeToken), cancellationToken);
        if (!versions.IsSuccess || versions.Data is not { ValueKind: JsonValueKind.Array } list)
            return Discovery.Failed(OcpiStatus.UnableToUseClientApi, $"GET {versionsUrl}: {versions.Describe()}");
        var detailsUrl = ChooseVersion(list);
        if (detailsUrl is null)
            return Discovery.Failed(OcpiStatus.UnsupportedVersion, $"{versionsUrl} offers no version {OcpiUrls.Version}");

        var details = await client.Send(new OcpiCall(HttpMethod.Get, detailsUrl, token, encode), cancellationToken);
        var errors = new FieldErrors();
        var parsed = details.IsSuccess && details.Data is { ValueKind: JsonValueKind.Object } data
            ? OcpiJson.Deserialize<VersionDetails>(data, errors) : null;
        if (parsed?.Endpoints is null)
            return Discovery.Failed(OcpiStatus.UnableToUseClientApi, $"GET {detailsUrl}: {details.Describe()}");
        if (parsed.Endpoints.Count == 0)
            return Discovery.Failed(OcpiStatus.NoMatchingEndpoints, $"{detailsUrl} lists no endpoints");
        return new Discovery(parsed.Endpoints, encode, OcpiStatus.Success, null);
    }

    public static string? ChooseVersion(JsonElement versions)
    {
        foreach (var version in versions.EnumerateArray())
        {
            if (version.ValueKind == JsonValueKind.Object && version.TryGetProperty("version", out var number) &&
                number.ValueKind == JsonValueKind.String && number.GetString() == OcpiUrls.Version &&
                version.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String)
                return url.GetString();
        }
        return null;
    }
}
