using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Security;

namespace Roaming.Ocpi.Partners;

/// <summary>
/// A partner's credentials token as we keep it: AES-256-GCM ciphertext (tag appended) under the key named by
/// <see cref="KeyId"/>, so keys can rotate while older ciphertexts stay readable. Never the plain token.
/// </summary>
public sealed record SealedToken(
    [property: JsonPropertyName("key_id")] string KeyId,
    [property: JsonPropertyName("nonce")] string Nonce,
    [property: JsonPropertyName("ciphertext")] string Ciphertext);

/// <summary>
/// Seals the tokens partners give us (we must present them on every call, so they cannot be hashed like ours) and
/// opens them only when a request is written. The current key seals; retired keys still open what they sealed.
/// </summary>
public sealed class TokenVault
{
    private const int KeyBytes = TextCipher.KeySize;

    // Binds a ciphertext to its purpose, so a sealed partner token cannot be passed off as any other secret sealed with the key.
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("roaming/ocpi/partner-token/v1");

    private readonly byte[] _current;
    private readonly IReadOnlyDictionary<string, byte[]> _keys;

    public TokenVault(byte[] current, IEnumerable<byte[]> retired)
    {
        if (current.Length != KeyBytes)
            throw new CryptographicException($"An OCPI token key is {KeyBytes} bytes (AES-256), not {current.Length}");
        _current = current;
        CurrentKeyId = KeyIdOf(current);
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in retired.Where(k => k.Length == KeyBytes))
            keys[KeyIdOf(key)] = key;
        keys[CurrentKeyId] = current;
        _keys = keys;
    }

    public string CurrentKeyId { get; }

    public SealedToken Seal(string token)
    {
        using var cipher = new TextCipher(_current);
        var sealedBytes = cipher.Seal(token, Purpose);
        // Stored as two fields (the format partners' rows already have): the nonce, and the ciphertext with its tag.
        return new SealedToken(CurrentKeyId, Convert.ToBase64String(sealedBytes, 0, TextCipher.NonceSize),
            Convert.ToBase64String(sealedBytes, TextCipher.NonceSize, sealedBytes.Length - TextCipher.NonceSize));
    }

    /// <summary>The plain token; throws when the key that sealed it is not configured any more or the ciphertext was altered.</summary>
    public string Open(SealedToken sealedToken)
    {
        if (!_keys.TryGetValue(sealedToken.KeyId, out var key))
            throw new CryptographicException(
                $"OCPI token key {sealedToken.KeyId} is not configured (Roaming:Ocpi:TokenKeyPath or RetiredTokenKeyPaths); the partner token cannot be read");
        using var cipher = new TextCipher(key);
        return cipher.Open([.. Convert.FromBase64String(sealedToken.Nonce), .. Convert.FromBase64String(sealedToken.Ciphertext)], Purpose);
    }

    /// <summary>A key's public name: the first 8 bytes of its SHA-256, hex. Derived, so nothing has to be configured beside the key.</summary>
    public static string KeyIdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));

    /// <summary>
    /// Loads the configured key files (Base64 of 32 random bytes, e.g. <c>openssl rand -base64 32</c>). With no
    /// TokenKeyPath configured (the embedded default), a key is generated once into <see cref="OcpiOptions.DevelopmentTokenKeyPath"/>
    /// and reused; a configured path that does not exist is an error, because a fresh key would make every stored token unreadable.
    /// </summary>
    public static TokenVault Load(OcpiOptions options, ILogger logger, string? workingDirectory = null)
    {
        var path = options.TokenKeyPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            path = Path.GetFullPath(OcpiOptions.DevelopmentTokenKeyPath, workingDirectory ?? Environment.CurrentDirectory);
            if (GenerateOnce(path))
                logger.LogWarning("No Roaming:Ocpi:TokenKeyPath configured: generated the key that encrypts partner tokens at {Path}; keep it with the database", path);
        }
        else if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Roaming:Ocpi:TokenKeyPath points at {path}, which does not exist", path);
        }
        var vault = new TokenVault(ReadKey(path), options.RetiredTokenKeyPaths.Select(ReadKey));
        logger.LogInformation("Partner tokens are sealed with key {KeyId}; {Retired} retired key(s) can still open older ones",
            vault.CurrentKeyId, options.RetiredTokenKeyPaths.Count);
        return vault;
    }

    private static byte[] ReadKey(string path)
    {
        var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return key.Length == KeyBytes ? key : throw new CryptographicException($"{path}: an OCPI token key is Base64 of {KeyBytes} bytes");
    }

    /// <summary>Creates the key file unless it exists: written aside, then moved in place, so a second process starting from the
    /// same folder either sees no file or the whole key, and both end up with the same key.</summary>
    private static bool GenerateOnce(string path)
    {
        if (File.Exists(path))
            return false;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var aside = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(aside, Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)) + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(aside, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(aside, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(aside);
            return false;
        }
    }
}
