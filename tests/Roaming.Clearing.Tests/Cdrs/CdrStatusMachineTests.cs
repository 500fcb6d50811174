using Roaming.Clearing.Cdrs;
using Shouldly;
using static Roaming.Clearing.Cdrs.CdrAction;

namespace Roaming.Clearing.Tests.Cdrs;

public class CdrStatusMachineTests
{
    /// <summary>Every allowed (status, action) → next status; every other pair is refused.</summary>
    private static readonly Dictionary<(string? Status, CdrAction Action), string> Allowed = new()
    {
        [(null, UploadNew)] = CdrStatuses.New,
        [(CdrStatuses.Implausible, UploadNew)] = CdrStatuses.New,
        [(CdrStatuses.New, Accept)] = CdrStatuses.Accepted,
        [(CdrStatuses.New, FindImplausible)] = CdrStatuses.Implausible,
        [(CdrStatuses.Accepted, Approve)] = CdrStatuses.Approved,
        [(CdrStatuses.Accepted, Decline)] = CdrStatuses.Declined,
        [(CdrStatuses.Revised, Approve)] = CdrStatuses.Approved,
        [(CdrStatuses.Revised, Decline)] = CdrStatuses.Declined,
        [(CdrStatuses.Accepted, UploadRevised)] = CdrStatuses.Revised,
        [(CdrStatuses.Declined, UploadRevised)] = CdrStatuses.Revised,
        [(CdrStatuses.Accepted, UploadRejected)] = CdrStatuses.Rejected,
        [(CdrStatuses.Declined, UploadRejected)] = CdrStatuses.Rejected,
    };

    public static TheoryData<string?, CdrAction> EveryPair()
    {
        var data = new TheoryData<string?, CdrAction>();
        foreach (var status in new string?[] { null }.Concat(CdrStatuses.All))
        {
            foreach (var action in Enum.GetValues<CdrAction>())
                data.Add(status, action);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void decides_every_status_and_action(string? status, CdrAction action)
    {
        var transition = CdrStatusMachine.Decide(status, action);
        if (Allowed.TryGetValue((status, action), out var next))
        {
            transition.Next.ShouldBe(next);
            transition.Refusal.ShouldBeNull();
        }
        else
        {
            transition.Allowed.ShouldBeFalse();
            transition.Refusal.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Theory]
    [InlineData(CdrStatuses.Approved)]
    [InlineData(CdrStatuses.Rejected)]
    public void final_statuses_allow_nothing(string status)
    {
        foreach (var action in Enum.GetValues<CdrAction>())
            CdrStatusMachine.Decide(status, action).Refusal.ShouldBe($"the CDR is {status}: final");
    }
}
