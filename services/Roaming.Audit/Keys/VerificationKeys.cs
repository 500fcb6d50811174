using System.Text.Json;

namespace Roaming.Audit.Keys;

/// <summary>Public keys for verification, from the configured key files or from a published keys document.</summary>
public static class VerificationKeys
{
    /// <summary>The configured signing key and retired keys, public halves only; nothing is generated.</summary>
    public static IReadOnlyList<AuditPublicKey> FromConfiguredFiles(AuditOptions options)
    {
        var signing = string.IsNullOrWhiteSpace(options.SigningKeyPath) ? Path.GetFullPath(AuditOptions.DevelopmentKeyPath) : options.SigningKeyPath;
        var keys = new List<AuditPublicKey>();
        if (File.Exists(signing))
            keys.Add(AuditPublicKey.FromPem(File.ReadAllText(signing), active: true));
        keys.AddRange(options.RetiredKeyPaths.Select(p => AuditPublicKey.FromPem(File.ReadAllText(p), active: false)));
        return keys;
    }

    /// <summary>A <c>GET /audit/keys</c> document (keys.json) or a single PEM file.</summary>
    public static IReadOnlyList<AuditPublicKey> FromFile(string path)
    {
        var text = File.ReadAllText(path);
        return text.TrimStart().StartsWith('{')
            ? JsonSerializer.Deserialize<PublishedKeys>(text, AuditJson.Options)!.ToKeys()
            : [AuditPublicKey.FromPem(text, active: true)];
    }
}
