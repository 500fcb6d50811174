using System.Text;

namespace Roaming.Ocpi.Transport;

/// <summary>
/// The <c>Authorization: Token ...</c> header. 2.2.1 says Base64 of the token; many peers send it raw, so an
/// inbound header yields both readings to look up, and the outbound form is a per-partner setting (ocpi.md 2.1, 7.1).
/// </summary>
public static class AuthorizationToken
{
    private const string Scheme = "Token ";

    /// <summary>The values the header may stand for: the Base64-decoded token first (when it decodes to a valid token), then the raw text.</summary>
    public static IReadOnlyList<string> Candidates(string? header)
    {
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            return [];
        var raw = header[Scheme.Length..].Trim();
        if (raw.Length == 0)
            return [];
        var candidates = new List<string>(2);
        if (TryDecode(raw, out var decoded) && decoded != raw)
            candidates.Add(decoded);
        candidates.Add(raw);
        return candidates;
    }

    public static string Header(string token, bool base64) =>
        Scheme + (base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(token)) : token);

    /// <summary>Credentials.token: string(64), printable non-whitespace ASCII.</summary>
    public static bool IsValidToken(string? token) =>
        !string.IsNullOrEmpty(token) && token.Length <= 64 && token.All(c => c is >= '!' and <= '~');

    private static bool TryDecode(string value, out string decoded)
    {
        decoded = "";
        if (value.Length % 4 != 0)
            return false;
        var buffer = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, buffer, out var written))
            return false;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return IsValidToken(decoded);
    }
}
