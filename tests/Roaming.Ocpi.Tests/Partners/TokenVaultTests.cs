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
