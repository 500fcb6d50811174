using Roaming.Audit.SealingHost;
using Roaming.Audit.Verification;
using Roaming.Platform.Sealing.Shredding;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Audit.Tests.Tampering;

/// <summary>Forgetting a data subject makes their personal data unreadable and leaves the sealed, signed chain intact.</summary>
public class CryptoShreddingTests
{
    [Fact]
    public async Task a_forgotten_subjects_data_is_unreadable_and_the_chain_still_verifies()
    {
        await using var app = await AuditedApp.Start(await TestServers.FreshDatabase("roaming_audit_shredding"));
        var vault = new SubjectKeyVault(app.ConnectionString, app.Roaming.SchemaPrefix);
        var alice = await vault.Protect("token:NL-TNM-ALICE", "Alice Jansen", CancellationToken.None);
        var bob = await vault.Protect("token:NL-TNM-BOB", "Bob de Vries", CancellationToken.None);
        alice.ShouldStartWith(SubjectKeyVault.Prefix);
        alice.ShouldNotContain("Alice");

        await using (var session = app.Ledger.LightweightSession())
        {
            session.Events.Append("acct-alice", new EntryPosted("acct-alice", 10, alice));
            session.Events.Append("acct-bob", new EntryPosted("acct-bob", 20, bob));
            await session.SaveChangesAsync();
        }
        await app.WaitUntilSealed(2);
        await app.Signer.SignChanged(CancellationToken.None);

        (await vault.Forget("token:NL-TNM-ALICE", CancellationToken.None)).ShouldBeTrue();

        (await vault.Reveal("token:NL-TNM-ALICE", alice, CancellationToken.None)).ShouldBeNull();
        (await vault.Reveal("token:NL-TNM-BOB", bob, CancellationToken.None)).ShouldBe("Bob de Vries");
        var report = await OnlineVerification.Run(app.ConnectionString, app.AuditSchema, LedgerModule.ServiceName, app.LedgerSchema, app.PublicKeys,
            null, CancellationToken.None);
        report.Verdict.ShouldBe(Verdict.Intact, report.Summary);
    }

    [Fact]
    public async Task a_value_moved_to_another_subject_does_not_decrypt()
    {
        var vault = new SubjectKeyVault(await TestServers.FreshDatabase("roaming_audit_shredding_aad"));
        var alice = await vault.Protect("alice", "secret", CancellationToken.None);
        await vault.Protect("mallory", "x", CancellationToken.None);
        await Should.ThrowAsync<System.Security.Cryptography.AuthenticationTagMismatchException>(() => vault.Reveal("mallory", alice, CancellationToken.None));
    }
}
