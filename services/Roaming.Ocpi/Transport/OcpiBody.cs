using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Roaming.Ocpi.Transport;

/// <summary>Reads a request body as JSON; anything that is not valid JSON is HTTP 400 (ocpi.md 2.3).</summary>
public static class OcpiBody
{
    public static async Task<(JsonElement Body, OcpiResult? Bad)> Read(HttpRequest request, bool optional = false)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (optional && string.IsNullOrWhiteSpace(text))
            return (default, null);
        try
        {
            using var document = JsonDocument.Parse(text);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException exception)
        {
            return (default, OcpiResult.BadJson($"The body is not valid JSON: {exception.Message}"));
        }
    }
}
