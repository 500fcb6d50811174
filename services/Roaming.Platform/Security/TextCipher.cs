using System.Security.Cryptography;
using System.Text;

namespace Roaming.Platform.Security;

/// <summary>
/// AES-256-GCM over text under one key: a fresh random 96-bit nonce per value and a 128-bit tag, with associated data
/// that binds the ciphertext to its purpose. The one primitive behind the subject key vault (personal data) and the
/// OCPI partner token vault (credentials); each keeps its own stored format around <c>nonce | ciphertext | tag</c>.
/// Not shared across threads (AesGcm instances are not): make one per operation or batch, and dispose it.
/// </summary>
public sealed class TextCipher(byte[] key) : IDisposable
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private readonly AesGcm _aes = key.Length == KeySize
        ? new AesGcm(key, TagSize)
        : throw new CryptographicException($"An AES-256 key is {KeySize} bytes, not {key.Length}");

    /// <summary><c>nonce | ciphertext | tag</c> of the UTF-8 text.</summary>
    public byte[] Seal(string plaintext, ReadOnlySpan<byte> associatedData)
    {
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + clear.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _aes.Encrypt(nonce, clear, sealedBytes.AsSpan(NonceSize, clear.Length), sealedBytes.AsSpan(NonceSize + clear.Length), associatedData);
        return sealedBytes;
    }

    /// <summary>The text of <c>nonce | ciphertext | tag</c>; throws <see cref="CryptographicException"/> when it was altered or the associated data differs.</summary>
    public string Open(ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData)
    {
        if (sealedBytes.Length < NonceSize + TagSize)
            throw new CryptographicException("The sealed value is shorter than its nonce and tag");
        var clear = new byte[sealedBytes.Length - NonceSize - TagSize];
        _aes.Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, clear.Length), sealedBytes[(NonceSize + clear.Length)..], clear, associatedData);
        return Encoding.UTF8.GetString(clear);
    }

    public void Dispose() => _aes.Dispose();
}
