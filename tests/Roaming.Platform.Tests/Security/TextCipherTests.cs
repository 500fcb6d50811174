using System.Security.Cryptography;
using System.Text;
using Roaming.Platform.Security;
using Shouldly;

namespace Roaming.Platform.Tests.Security;

/// <summary>The AES-256-GCM primitive both vaults use: round trip, fresh nonces, and refusal of anything altered.</summary>
public class TextCipherTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(TextCipher.KeySize);
    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("purpose-a");

    [Theory]
    [InlineData("")]
    [InlineData("DE8ACC12E46L89")]
    [InlineData("Grünstrom Energie eG — 电力")]
    public void a_sealed_text_opens_to_itself_and_does_not_contain_it(string text)
    {
        using var cipher = new TextCipher(Key);

        var sealedBytes = cipher.Seal(text, Purpose);

        sealedBytes.Length.ShouldBe(TextCipher.NonceSize + Encoding.UTF8.GetByteCount(text) + TextCipher.TagSize);
        if (text.Length > 0)
            Encoding.UTF8.GetString(sealedBytes).ShouldNotContain(text);
        cipher.Open(sealedBytes, Purpose).ShouldBe(text);
    }

    [Fact]
    public void the_same_text_seals_differently_every_time()
    {
        using var cipher = new TextCipher(Key);

        Enumerable.Range(0, 50).Select(_ => Convert.ToBase64String(cipher.Seal("same", Purpose))).Distinct().Count().ShouldBe(50);
    }

    public static TheoryData<string, Func<byte[], byte[]>, byte[]> Alterations => new()
    {
        { "nonce flipped", sealedBytes => Flip(sealedBytes, 0), Purpose },
        { "ciphertext flipped", sealedBytes => Flip(sealedBytes, TextCipher.NonceSize), Purpose },
        { "tag flipped", sealedBytes => Flip(sealedBytes, sealedBytes.Length - 1), Purpose },
        { "truncated", sealedBytes => sealedBytes[..(TextCipher.NonceSize + TextCipher.TagSize - 1)], Purpose },
        { "other purpose", sealedBytes => sealedBytes, Encoding.ASCII.GetBytes("purpose-b") },
    };

    [Theory]
    [MemberData(nameof(Alterations))]
    public void anything_altered_is_refused(string alteration, Func<byte[], byte[]> alter, byte[] purpose)
    {
        using var cipher = new TextCipher(Key);
        var sealedBytes = cipher.Seal("DE8ACC12E46L89", Purpose);

        Should.Throw<CryptographicException>(() => cipher.Open(alter(sealedBytes), purpose), alteration);
    }

    [Fact]
    public void another_key_cannot_open_it()
    {
        using var cipher = new TextCipher(Key);
        using var other = new TextCipher(RandomNumberGenerator.GetBytes(TextCipher.KeySize));

        Should.Throw<CryptographicException>(() => other.Open(cipher.Seal("DE8ACC12E46L89", Purpose), Purpose));
    }

    [Fact]
    public void a_key_that_is_not_256_bits_is_refused() =>
        Should.Throw<CryptographicException>(() => new TextCipher(new byte[16]));

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
