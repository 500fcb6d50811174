using System.Text.Json;
using Roaming.Audit.Proofs;
using Roaming.Audit.SealingHost;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Audit.Tests.Tampering;

/// <summary>roaming audit prove / check-proof: a stream's events proven against the signed checkpoint, with nothing else.</summary>
public class InclusionProofTests
{
    private static readonly Task<string> Database = TestServers.FreshDatabase("roaming_audit_proof");

    [Fact]
    public async Task a_streams_events_are_proven_included_and_any_change_to_the_proof_fails_it()
    {
        var log = await TamperedLog.Create(await Database);
        var proof = await InclusionProver.ProveCdr(log.ConnectionString, log.AuditSchema, LedgerModule.ServiceName, log.Schema, "acct-1", log.Keys,
            CancellationToken.None);
        proof.Events.Count.ShouldBe(8);

        var roundTripped = JsonSerializer.Deserialize<InclusionProof>(JsonSerializer.Serialize(proof, AuditJson.Indented), AuditJson.Options)!;
        InclusionProofChecker.Check(roundTripped, log.Keys).Valid.ShouldBeTrue();
        var selfContained = InclusionProofChecker.Check(roundTripped, null);
        selfContained.Valid.ShouldBeTrue();
        selfContained.Notes.ShouldHaveSingleItem();

        var changedEvent = roundTripped with { Events = [roundTripped.Events[0] with { Event = roundTripped.Events[0].Event with { Data = "{}" } }, .. roundTripped.Events.Skip(1)] };
        InclusionProofChecker.Check(changedEvent, log.Keys).Problems.ShouldHaveSingleItem().ShouldContain("does not hash to the leaf");

        var movedEvent = roundTripped with { Events = [roundTripped.Events[0] with { Index = roundTripped.Events[0].Index + 1 }] };
        InclusionProofChecker.Check(movedEvent, log.Keys).Problems.ShouldHaveSingleItem().ShouldContain("does not lead to the signed root");

        var otherRoot = roundTripped with { Checkpoint = roundTripped.Checkpoint with { RootHash = new string('0', 64) } };
        InclusionProofChecker.Check(otherRoot, log.Keys).Valid.ShouldBeFalse();
    }
}
