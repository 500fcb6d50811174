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
                GenerateDevelopmentKey(path, logger);
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

    /// <summary>
    /// Two processes starting at once from one folder (two instances of a test, a host and a CLI) must end up signing
    /// with one key, and neither may read a half-written file: the key is generated under an exclusive lock on a file
    /// beside it, written to a private (0600 from its creation) temporary file and renamed into place, so the key file
    /// appears whole or not at all.
    /// </summary>
    private static void GenerateDevelopmentKey(string path, ILogger logger)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var exclusive = Exclusively(path + ".lock");
        if (File.Exists(path))
            return;
        using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var privateFile = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            privateFile.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(temporary, privateFile))
            writer.Write(generated.ExportPkcs8PrivateKeyPem() + "\n");
        File.Move(temporary, path);
        logger.LogWarning("No Roaming:Audit:SigningKeyPath configured: generated a development checkpoint key at {Path} (key id {KeyId})",
            path, AuditPublicKey.FromKey(generated, true).KeyId);
    }

    private static FileStream Exclusively(string lockPath)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }
        }
    }

    public static SigningKeyRing FromKey(ECDsa key, params AuditPublicKey[] retired) =>
        new(key, AuditPublicKey.FromKey(key, true), retired);

    public void Dispose() => _signingKey.Dispose();
}
