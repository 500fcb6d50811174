using System.Security.Cryptography;
using System.Text;

namespace Roaming.Platform.Security;

/// <summary>
/// Hashes charger passwords and partner tokens for storage (PBKDF2-SHA256, per-secret salt). The stored form is
/// self-describing: <c>pbkdf2-sha256$iterations$salt$hash</c>.
/// </summary>
public static class SecretHasher
{
    // Charger passwords are 16-40 random characters and checked on every (re)connect; a reconnect storm of
    // thousands of chargers must not saturate the CPU, so the work factor is moderate.
    private const int Iterations = 20_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string secret, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], out var iterations))
            return false;
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
