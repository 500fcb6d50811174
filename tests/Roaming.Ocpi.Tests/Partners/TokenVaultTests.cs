using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Shouldly;

namespace Roaming.Ocpi.Tests.Partners;

public class TokenVaultTests
{
    private static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void ASealedTokenOpensToItselfAndDoesNotContainIt()
    {
        var vault = new TokenVault(NewKey(), []);
        var sealedToken = vault.Seal("partner-token-123");
        sealedToken.KeyId.ShouldBe(vault.CurrentKeyId);
        $"{sealedToken.Nonce}{sealedToken.Ciphertext}".ShouldNotContain("partner-token-123");
        vault.Open(sealedToken).ShouldBe("partner-token-123");
        vault.Seal("partner-token-123").Ciphertext.ShouldNotBe(sealedToken.Ciphertext, "a fresh nonce per seal");
    }

    [Fact]
    public void AfterKeyRotationOldTokensStillOpenAndNewOnesUseTheNewKey()
    {
        var oldKey = NewKey();
        var sealedBefore = new TokenVault(oldKey, []).Seal("before");
        var rotated = new TokenVault(NewKey(), [oldKey]);
        rotated.Open(sealedBefore).ShouldBe("before");
        rotated.Seal("after").KeyId.ShouldNotBe(sealedBefore.KeyId);
        Should.Throw<CryptographicException>(() => new TokenVault(NewKey(), []).Open(sealedBefore)).Message.ShouldContain(sealedBefore.KeyId);
    }

    /// <summary>Partners' rows already hold tokens sealed this way: the nonce, and the ciphertext with the tag appended,
    /// under AES-256-GCM with the purpose as associated data. Both directions against AesGcm itself.</summary>
    [Fact]
    public void TheStoredFormatIsTheOnePartnersRowsAlreadyHold()
    {
        var key = NewKey();
        var vault = new TokenVault(key, []);
        var purpose = System.Text.Encoding.UTF8.GetBytes("roaming/ocpi/partner-token/v1");

        var sealedToken = vault.Seal("partner-token-456");
        var nonce = Convert.FromBase64String(sealedToken.Nonce);
        var ciphertext = Convert.FromBase64String(sealedToken.Ciphertext);
        var plain = new byte[ciphertext.Length - 16];
        using (var aes = new AesGcm(key, 16))
            aes.Decrypt(nonce, ciphertext.AsSpan(0, plain.Length), ciphertext.AsSpan(plain.Length), plain, purpose);
        System.Text.Encoding.UTF8.GetString(plain).ShouldBe("partner-token-456");

        var storedNonce = RandomNumberGenerator.GetBytes(12);
        var clear = System.Text.Encoding.UTF8.GetBytes("stored-before");
        var stored = new byte[clear.Length + 16];
        using (var aes = new AesGcm(key, 16))
            aes.Encrypt(storedNonce, clear, stored.AsSpan(0, clear.Length), stored.AsSpan(clear.Length), purpose);
        vault.Open(new SealedToken(vault.CurrentKeyId, Convert.ToBase64String(storedNonce), Convert.ToBase64String(stored))).ShouldBe("stored-before");
    }

    [Fact]
    public void AnAlteredCiphertextIsRefused()
    {
        var vault = new TokenVault(NewKey(), []);
        var sealedToken = vault.Seal("partner-token");
        var bytes = Convert.FromBase64String(sealedToken.Ciphertext);
        bytes[0] ^= 1;
        Should.Throw<CryptographicException>(() => vault.Open(sealedToken with { Ciphertext = Convert.ToBase64String(bytes) }));
    }

    [Fact]
    public void TheEmbeddedDefaultGeneratesOneKeyAndKeepsIt()
    {
        var folder = Directory.CreateTempSubdirectory("roaming-ocpi-vault").FullName;
        try
        {
            var first = TokenVault.Load(new OcpiOptions(), NullLogger.Instance, folder);
            var again = TokenVault.Load(new OcpiOptions(), NullLogger.Instance, folder);
            again.CurrentKeyId.ShouldBe(first.CurrentKeyId);
            again.Open(first.Seal("kept")).ShouldBe("kept");
            var keyFile = Path.Combine(folder, OcpiOptions.DevelopmentTokenKeyPath);
            if (!OperatingSystem.IsWindows())
                File.GetUnixFileMode(keyFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Should.Throw<FileNotFoundException>(() => TokenVault.Load(new OcpiOptions { TokenKeyPath = Path.Combine(folder, "missing") }, NullLogger.Instance));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
