using System.Text;

namespace Roaming.Ingest.Connections;

/// <summary>
/// OCPP security profile 1/2 credentials: HTTP Basic with user = charge point identity. The password may contain ':',
/// so the header is split on the first ':' after the known identity, not on the first ':' overall.
/// </summary>
public static class BasicCredentials
{
    public static string? PasswordFor(string chargePointId, string? authorizationHeader)
    {
        if (authorizationHeader is null || !authorizationHeader.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return null;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorizationHeader["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
        var prefix = chargePointId + ":";
        return decoded.StartsWith(prefix, StringComparison.Ordinal) ? decoded[prefix.Length..] : null;
    }
}
