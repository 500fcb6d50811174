using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Roaming.Platform.Json;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Platform.Http;

/// <summary>
/// Reads a JSON request body into a wire model and turns deserialization failures (wrong type, unknown enum value,
/// missing required member) into field errors, so the 400 answer names the field instead of failing opaquely.
/// </summary>
public static partial class JsonBody
{
    public static async Task<(T? Value, FieldErrors Errors)> Read<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        var errors = new FieldErrors();
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, RoamingJson.Options, cancellationToken);
            if (value is null)
                errors.Add("$", "a JSON object is required");
            return (value, errors);
        }
        catch (JsonException exception)
        {
            errors.Add(FieldOf(exception), Describe(exception));
            return (null, errors);
        }
    }

    private static string FieldOf(JsonException exception)
    {
        var path = exception.Path is null or "$" ? "" : exception.Path.StartsWith("$.", StringComparison.Ordinal) ? exception.Path[2..] : exception.Path.TrimStart('$');
        var missing = MissingMember().Match(exception.Message);
        if (missing.Success)
            return FieldErrors.Path(path, missing.Groups[1].Value);
        return path.Length == 0 ? "$" : path;
    }

    private static string Describe(JsonException exception) =>
        MissingMember().IsMatch(exception.Message) ? "is required" : "has an invalid value or type";

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingMember();
}
