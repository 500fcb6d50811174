using System.Security.Cryptography;
using System.Text;

namespace Roaming.Platform.Identity;

/// <summary>
/// A UUID (version 8, RFC 9562) derived from a name: the same business key always yields the same id, so a redelivered
/// message finds the stream it created the first time instead of creating a second one.
/// </summary>
public static class DeterministicGuid
{
    public static Guid From(string scope, string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{name}"), hash);
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
