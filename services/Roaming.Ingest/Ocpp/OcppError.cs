using System.Text.Json;

namespace Roaming.Ingest.Ocpp;

/// <summary>
/// What goes into a CALLERROR: a version-neutral code, a description (cut to the 255 characters OCPP allows)
/// and optional details (an object; <c>{}</c> is written when absent).
/// </summary>
public sealed record OcppError(OcppErrorCode Code, string Description, JsonElement? Details = null)
{
    public const int MaxDescriptionLength = 255;

    public string Description { get; init; } = Truncate(Description);

    public static OcppError NotImplemented(string action) =>
        new(OcppErrorCode.NotImplemented, $"Action '{action}' is not known to this CSMS.");

    public static OcppError NotSupported(string action) =>
        new(OcppErrorCode.NotSupported, $"Action '{action}' is not supported by this CSMS.");

    public static OcppError InternalError(string description = "The CSMS could not process the message; please retry.") =>
        new(OcppErrorCode.InternalError, description);

    public static OcppError SecurityError(string description) =>
        new(OcppErrorCode.SecurityError, description);

    internal static string Truncate(string? description)
    {
        description ??= "";
        return description.Length <= MaxDescriptionLength ? description : description[..(MaxDescriptionLength - 3)] + "...";
    }
}
