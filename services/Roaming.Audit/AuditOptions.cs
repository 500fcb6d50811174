namespace Roaming.Audit;

/// <summary><c>Roaming:Audit</c> settings.</summary>
public sealed class AuditOptions
{
    public const string Section = "Roaming:Audit";

    /// <summary>Where checkpoints are signed when nothing is configured; generated on first start (development only).</summary>
    public const string DevelopmentKeyPath = ".data/audit/signing-key.pem";

    /// <summary>PEM file with the ECDSA P-256 private key that signs new checkpoints.</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>PEM files (public or private) of earlier signing keys: still published and accepted, never used to sign.</summary>
    public List<string> RetiredKeyPaths { get; set; } = [];

    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Sealed logs to sign besides those of the services running in this process (when audit runs apart).</summary>
    public List<string> Services { get; set; } = [];

    /// <summary>External witness: every checkpoint is appended to this file as one NDJSON line.</summary>
    public string? WitnessFile { get; set; }

    /// <summary>External witness: every checkpoint is POSTed to this URL as JSON.</summary>
    public string? WitnessUrl { get; set; }
}
