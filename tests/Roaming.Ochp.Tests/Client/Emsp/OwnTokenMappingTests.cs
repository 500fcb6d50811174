using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Contracts.Tokens.V1;
using Roaming.Ochp.Client.Emsp.Tokens;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Shouldly;

namespace Roaming.Ochp.Tests.Client.Emsp;

/// <summary>Our tokens → OCHP authorisation list entries, and what the clearing house's answer means for each.</summary>
public class OwnTokenMappingTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 10, 0);
    private static readonly Duration Validity = Duration.FromDays(30);
    private static readonly ProviderId Us = ProviderId.Parse("DE*8AA");

    private static TokenChanged Token(string type = "RFID", string contract = "DE-8AA-CA2B3C4D5-L", bool valid = true, string authorization = "Accepted") =>
        new("DE", "8AA", "04A2B3C4D5E6F7", type, contract, "Mobility Provider", null, valid, "ALLOWED", authorization, Now);

    private static OwnTokenUpload Upload(string uid, int revision = 1, int answered = 0, string state = OwnTokenUpload.Queued, string type = "RFID") =>
        new($"ochp-emsp-token:DE*8AA*{uid}", $"DE*8AA*{uid}", uid, type, "enc", true, "Accepted", revision, answered, state, null, null, Now, null);

    [Fact]
    public void ThePlan_SendsWhatMaps_AndRefusesTheRestOncePerRevision()
    {
        var tokens = new[] { Upload("A1"), Upload("A2", type: "APP_USER"), Upload("A3", type: "APP_USER", revision: 2, answered: 2, state: OwnTokenUpload.Refused) };

        var plan = OwnTokenUploads.Prepare(tokens, ["DE-8AA-CA2B3C4D5-L", "DE-8AA-CA2B3C4D5-L", "DE-8AA-CA2B3C4D5-L"], OwnTokenUploads.Update, Us, Now, Validity);

        plan.Send.Select(s => s.Info.EmtId.Instance).ShouldBe(["A1"]);
        plan.NotSendable.Select(r => (r.TokenKey, r.Revision, r.ByUs)).ShouldBe([("DE*8AA*A2", 1, true)]);
    }

    public static TheoryData<ResultCode, string[], string[], bool> Answers => new()
    {
        // result, refused by the clearing house → accepted, refused, try again
        { ResultCode.Ok, [], ["A1", "A2"], false },
        { ResultCode.Partly, ["A2"], ["A1"], false },
        { ResultCode.InvalidId, [], [], false },
        { ResultCode.Format, [], [], false },
        { ResultCode.NotAuthorized, [], [], true },
        { ResultCode.Server, [], [], true },
        { ResultCode.Roaming, [], [], true },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void TheAnswer_AcceptsOrRefusesEachToken_OrSaysTryAgain(ResultCode code, string[] refusedUids, string[] accepted, bool tryAgain)
    {
        var plan = OwnTokenUploads.Prepare([Upload("A1"), Upload("A2")], ["DE-8AA-CA2B3C4D5-L", "DE-8AA-CA2B3C4D5-L"], OwnTokenUploads.Update, Us, Now, Validity);
        var refused = plan.Send.Where(s => refusedUids.Contains(s.Info.EmtId.Instance)).Select(s => s.Info).ToList();

        var events = OwnTokenUploads.Answer(plan.Send, OwnTokenUploads.Update, Result.Of(code, "why"), refused, Now);

        if (tryAgain)
        {
            events.ShouldBeNull();
            return;
        }
        events!.OfType<OwnTokenAccepted>().Select(a => a.TokenKey.Split('*')[2]).ShouldBe(accepted);
        events!.OfType<OwnTokenRefused>().ShouldAllBe(r => !r.ByUs && r.Reason.Contains("why"));
        events!.Count.ShouldBe(2);
    }

    [Fact]
    public void TheFullList_IsDueFirstAndAfterEachRefreshInterval()
    {
        var interval = Duration.FromDays(1);
        OwnTokenUploads.FullListDue(null, Now, interval).ShouldBeTrue();
        OwnTokenUploads.FullListDue(new OwnTokenList("l", Now - Duration.FromHours(23), 1, 0), Now, interval).ShouldBeFalse();
        OwnTokenUploads.FullListDue(new OwnTokenList("l", Now - Duration.FromHours(24), 1, 0), Now, interval).ShouldBeTrue();
    }
}
