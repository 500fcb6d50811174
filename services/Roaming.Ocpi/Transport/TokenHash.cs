using System.Security.Cryptography;
using System.Text;

namespace Roaming.Ocpi.Transport;

/// <summary>
/// Tokens we issue are stored as SHA-256: an inbound request must be matched by its token, so the hash is the lookup
/// key. Unlike passwords, the tokens are 256-bit random values, so a fast unsalted hash is not brute-forceable.
/// </summary>
public static class TokenHash
{
    public static string Of(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new credentials token: 32 random bytes, Base64url without padding (43 characters, within string(64)).</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
