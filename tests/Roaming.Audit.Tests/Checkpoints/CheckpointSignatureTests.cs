using System.Security.Cryptography;
using NodaTime;
using Roaming.Audit.Checkpoints;
using Roaming.Audit.Keys;
using Shouldly;

namespace Roaming.Audit.Tests.Checkpoints;

public class CheckpointSignatureTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 9, 30);

    [Fact]
    public void a_signed_checkpoint_verifies_with_the_published_key()
    {
        using var ring = SigningKeyRing.FromKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var checkpoint = CheckpointSigned.Sign(ring, "NL*TNM/ledger", "ledger", 42, new byte[32], 77, Now);

        checkpoint.KeyId.ShouldBe(ring.Active.KeyId);
        checkpoint.SignatureProblem(ring.Published).ShouldBeNull();
    }

    [Fact]
    public void any_change_to_a_signed_field_breaks_the_signature()
    {
        using var ring = SigningKeyRing.FromKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var checkpoint = CheckpointSigned.Sign(ring, "NL*TNM/ledger", "ledger", 42, new byte[32], 77, Now);

        CheckpointSigned[] forged =
        [
            checkpoint with { TreeSize = 41 }, checkpoint with { RootHash = new string('1', 64) }, checkpoint with { LastSequence = 76 },
            checkpoint with { SignedAt = Now.PlusTicks(1) }, checkpoint with { Origin = "NL*TNM/charging" },
        ];
        forged.ShouldAllBe(f => f.SignatureProblem(ring.Published) != null);
    }

    [Fact]
    public void the_key_id_is_the_sha256_of_the_public_key_and_unknown_keys_are_named()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ring = SigningKeyRing.FromKey(key);
        ring.Active.KeyId.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo())));

        using var other = SigningKeyRing.FromKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var checkpoint = CheckpointSigned.Sign(ring, "o", "ledger", 1, new byte[32], 1, Now);
        checkpoint.SignatureProblem(other.Published)!.ShouldContain("not among the published keys");
    }

    [Fact]
    public void after_a_rotation_old_checkpoints_still_verify_and_new_ones_use_the_new_key()
    {
        using var oldKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var before = SigningKeyRing.FromKey(oldKey);
        var oldCheckpoint = CheckpointSigned.Sign(before, "o", "ledger", 10, new byte[32], 10, Now);

        using var after = SigningKeyRing.FromKey(ECDsa.Create(ECCurve.NamedCurves.nistP256), AuditPublicKey.FromPem(oldKey.ExportSubjectPublicKeyInfoPem(), false));
        var newCheckpoint = CheckpointSigned.Sign(after, "o", "ledger", 20, new byte[32], 20, Now);

        after.Published.Count.ShouldBe(2);
        oldCheckpoint.SignatureProblem(after.Published).ShouldBeNull();
        newCheckpoint.SignatureProblem(after.Published).ShouldBeNull();
        newCheckpoint.KeyId.ShouldNotBe(oldCheckpoint.KeyId);
    }

    [Fact]
    public void the_published_jwk_describes_the_same_p256_point_as_the_pem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var published = AuditPublicKey.FromKey(key, true).ToPublished();
        var q = key.ExportParameters(false).Q;

        published.Jwk.Kty.ShouldBe("EC");
        published.Jwk.Crv.ShouldBe("P-256");
        published.Jwk.Kid.ShouldBe(published.KeyId);
        Convert.FromBase64String(Pad(published.Jwk.X.Replace('-', '+').Replace('_', '/'))).ShouldBe(q.X);
        Convert.FromBase64String(Pad(published.Jwk.Y.Replace('-', '+').Replace('_', '/'))).ShouldBe(q.Y);
    }

    [Fact]
    public void a_development_key_is_generated_once_and_then_reused_and_a_configured_missing_key_is_an_error()
    {
        var directory = Directory.CreateTempSubdirectory("roaming-audit-keys").FullName;
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        using var first = SigningKeyRing.Load(new AuditOptions(), logger, directory);
        using var second = SigningKeyRing.Load(new AuditOptions(), logger, directory);
        second.Active.KeyId.ShouldBe(first.Active.KeyId);
        File.Exists(Path.Combine(directory, AuditOptions.DevelopmentKeyPath)).ShouldBeTrue();

        Should.Throw<FileNotFoundException>(() => SigningKeyRing.Load(new AuditOptions { SigningKeyPath = Path.Combine(directory, "nope.pem") }, logger));
    }

    [Fact]
    public void processes_starting_at_once_in_one_folder_all_sign_with_the_one_development_key_that_was_written()
    {
        // Two roaming instances started together in one working folder (the OCPI two-party tests do) once made one of
        // them read the other's half-written key and fail to start.
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        for (var round = 0; round < 20; round++)
        {
            var directory = Directory.CreateTempSubdirectory("roaming-audit-keys").FullName;
            var keyIds = new string?[4];
            var failures = new Exception?[keyIds.Length];
            using var start = new Barrier(keyIds.Length);
            var starters = Enumerable.Range(0, keyIds.Length).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    using var ring = SigningKeyRing.Load(new AuditOptions(), logger, directory);
                    keyIds[i] = ring.Active.KeyId;
                }
                catch (Exception failure)
                {
                    failures[i] = failure;
                }
            })).ToArray();
            foreach (var starter in starters)
                starter.Start();
            foreach (var starter in starters)
                starter.Join();

            failures.ShouldAllBe(failure => failure == null);
            keyIds.Distinct().Count().ShouldBe(1);
            var keyFolder = Path.GetDirectoryName(Path.Combine(directory, AuditOptions.DevelopmentKeyPath))!;
            Directory.GetFiles(keyFolder, "*.tmp").ShouldBeEmpty();
            if (!OperatingSystem.IsWindows())
                File.GetUnixFileMode(Path.Combine(directory, AuditOptions.DevelopmentKeyPath)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
}
