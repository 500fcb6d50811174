using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Roaming.Platform.Security;

/// <summary>
/// Chargers reconnect often (and all at once after a restart) and OCHP partners authenticate every SOAP call; PBKDF2
/// costs ~5 ms of CPU per check. Once a password has been verified against a stored hash, a SHA-256 of it is kept in
/// memory for that subject (charge point id, OCHP user name) and that exact stored hash, so the next check with the same
/// password is a constant-time digest compare. A new registration (new hash) misses the cache.
/// </summary>
public sealed class VerifiedPasswords
{
    private readonly ConcurrentDictionary<string, (string StoredHash, byte[] Digest)> _verified = new(StringComparer.Ordinal);

    public bool Verify(string subject, string password, string storedHash)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        if (_verified.TryGetValue(subject, out var known) && known.StoredHash == storedHash)
            return CryptographicOperations.FixedTimeEquals(known.Digest, digest);
        if (!SecretHasher.Verify(password, storedHash))
            return false;
        _verified[subject] = (storedHash, digest);
        return true;
    }
}
