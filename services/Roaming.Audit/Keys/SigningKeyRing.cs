using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Roaming.Audit.Keys;

/// <summary>
/// The key that signs new checkpoints and every key that ever did (rotation: a new SigningKeyPath, the old file moves
/// to RetiredKeyPaths, and both stay published so that old checkpoints keep verifying).
/// </summary>
public sealed class SigningKeyRing : IDisposable
{
    private readonly ECDsa _signingKey;

    private SigningKeyRing(ECDsa signingKey, AuditPublicKey active, IReadOnlyList<AuditPublicKey> retired)
    {
        _signingKey = signingKey;
        Active = active;
        Published = [active, .. retired.Where(r => r.KeyId != active.KeyId)];
    }

    public AuditPublicKey Active { get; }

    public IReadOnlyList<AuditPublicKey> Published { get; }

    public string Sign(string body) => Convert.ToBase64String(_signingKey.SignData(
        Encoding.UTF8.GetBytes(body), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    /// <summary>
    /// Loads the configured key. With no SigningKeyPath configured (development), a key is generated into
    /// <see cref="AuditOptions.DevelopmentKeyPath"/> once and reused; a configured path that does not exist is an error,
    /// because silently signing with a fresh key in production would orphan every earlier checkpoint.
    /// </summary>
    public static SigningKeyRing Load(AuditOptions options, ILogger logger, string? workingDirectory = null)
    {
        var path = options.SigningKeyPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            path = Path.GetFullPath(AuditOptions.DevelopmentKeyPath, workingDirectory ?? Environment.CurrentDirectory);
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                File.WriteAllText(path, generated.ExportPkcs8PrivateKeyPem() + "\n");
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                logger.LogWarning("No Roaming:Audit:SigningKeyPath configured: generated a development checkpoint key at {Path} (key id {KeyId})",
                    path, AuditPublicKey.FromKey(generated, true).KeyId);
            }
        }
        else if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Roaming:Audit:SigningKeyPath points at {path}, which does not exist", path);
        }

        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        if (key.KeySize != 256)
            throw new CryptographicException($"{path}: checkpoint keys are ECDSA P-256");
        var active = AuditPublicKey.FromKey(key, active: true);
        var retired = options.RetiredKeyPaths.Select(p => AuditPublicKey.FromPem(File.ReadAllText(p), active: false)).ToArray();
        logger.LogInformation("Signing checkpoints with key {KeyId} from {Path}; {Retired} retired key(s) published", active.KeyId, path, retired.Length);
        return new SigningKeyRing(key, active, retired);
    }

    public static SigningKeyRing FromKey(ECDsa key, params AuditPublicKey[] retired) =>
        new(key, AuditPublicKey.FromKey(key, true), retired);

    public void Dispose() => _signingKey.Dispose();
}
