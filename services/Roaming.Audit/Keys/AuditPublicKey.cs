using System.Security.Cryptography;
using System.Text;

namespace Roaming.Audit.Keys;

/// <summary>A checkpoint verification key as published: its id is the SHA-256 of the DER SubjectPublicKeyInfo, in hex.</summary>
public sealed record AuditPublicKey(string KeyId, string Pem, bool Active)
{
    public const string Algorithm = "ES256";

    public static AuditPublicKey FromKey(ECDsa key, bool active)
    {
        var spki = key.ExportSubjectPublicKeyInfo();
        return new AuditPublicKey(KeyIdOf(spki), PemEncoding.WriteString("PUBLIC KEY", spki) + "\n", active);
    }

    /// <summary>Accepts a public or a private key PEM (ECDSA P-256).</summary>
    public static AuditPublicKey FromPem(string pem, bool active)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        if (key.KeySize != 256)
            throw new CryptographicException($"audit keys are ECDSA P-256; this one has {key.KeySize} bits");
        return FromKey(key, active);
    }

    public static string KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    public bool Verify(string body, string base64Signature)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(Pem);
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(base64Signature);
        }
        catch (FormatException)
        {
            return false;
        }
        return key.VerifyData(Encoding.UTF8.GetBytes(body), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>RFC 7517 / 7518 JWK of the public key.</summary>
    public PublishedKey ToPublished()
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(Pem);
        var point = key.ExportParameters(false).Q;
        return new PublishedKey(KeyId, Algorithm, Active ? "active" : "retired", Pem,
            new Jwk("EC", "P-256", Base64Url(point.X!), Base64Url(point.Y!), KeyId, "sig", Algorithm));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record Jwk(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);

public sealed record PublishedKey(string KeyId, string Algorithm, string Status, string Pem, Jwk Jwk);

/// <summary>The body of <c>GET /audit/keys</c> and of a bundle's keys.json.</summary>
public sealed record PublishedKeys(IReadOnlyList<PublishedKey> Keys)
{
    public IReadOnlyList<AuditPublicKey> ToKeys() => Keys.Select(k => AuditPublicKey.FromPem(k.Pem, k.Status == "active")).ToArray();
}
