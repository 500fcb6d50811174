using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Roaming.Contracts.Clearing.V1;
using Roaming.Settlement.Ledger;
using static Roaming.Settlement.Tests.Ledger.LedgerSamples;

namespace Roaming.Settlement.Tests.Ledger;

/// <summary>
/// Random histories of a CDR in the clearing workflow (legal transitions, random facts), delivered at least once: the
/// ledger's final state follows the last decisive status, and redelivered messages change nothing.
/// </summary>
public class LedgerProperties
{
    /// <summary>What clearing may publish next after each status (CdrStatusMachine: rejected and approved are final, implausible waits for a new upload).</summary>
    private static readonly Dictionary<string, string[]> Next = new()
    {
        ["start"] = ["new", "implausible"],
        ["new"] = ["accepted", "implausible"],
        ["implausible"] = ["new"],
        ["accepted"] = ["approved", "declined", "revised", "rejected"],
        ["declined"] = ["revised", "rejected"],
        ["revised"] = ["approved", "declined", "revised", "rejected", "implausible"],
        ["approved"] = [],
        ["rejected"] = [],
    };

    private static Gen<CdrClearingStatusChanged> Change(string status, int step) =>
        from total in Gen.Choose(0, 5000)
        from reason in Gen.Elements("meter", "tariff", "duplicate")
        select Status(status, status is "declined" or "implausible" ? reason : null,
            status is "new" or "revised" ? Cdr(total: total / 100m) : null, at: At + NodaTime.Duration.FromMinutes(step));

    /// <summary>A legal history of up to <paramref name="length"/> messages.</summary>
    private static Gen<List<CdrClearingStatusChanged>> History(int length) => Gen.Sized(size => Walk("start", 0, Math.Min(length, size + 1)));

    private static Gen<List<CdrClearingStatusChanged>> Walk(string previous, int step, int left)
    {
        if (left == 0 || Next[previous].Length == 0)
            return Gen.Constant(new List<CdrClearingStatusChanged>());
        return from status in Gen.Elements(Next[previous])
            from change in Change(status, step)
            from rest in Walk(status, step + 1, left - 1)
            select (List<CdrClearingStatusChanged>)[change, .. rest];
    }

    /// <summary>The state the last decisive status leaves (accepted decides nothing; implausible holds only what is in the ledger).</summary>
    private static string? Expected(IReadOnlyList<CdrClearingStatusChanged> history)
    {
        string? state = null;
        foreach (var change in history)
        {
            state = change.Status switch
            {
                "new" or "revised" => LedgerStates.Pending,
                "approved" => LedgerStates.Billable,
                "declined" => LedgerStates.Held,
                "rejected" => LedgerStates.Withdrawn,
                "implausible" when state is not null => LedgerStates.Held,
                _ => state,
            };
        }
        return state;
    }

    [Property(MaxTest = 500)]
    public Property the_final_state_follows_the_last_decisive_status() =>
        Prop.ForAll(History(12).ToArbitrary(), history =>
        {
            var (_, final) = Follow(history);
            return (final?.State == Expected(history)).Label($"{string.Join(" ", history.Select(h => h.Status))} → {final?.State}");
        });

    [Property(MaxTest = 500)]
    public Property the_facts_are_those_of_the_last_upload() =>
        Prop.ForAll(History(12).ToArbitrary(), history =>
        {
            var (_, final) = Follow(history);
            var last = history.LastOrDefault(h => h.Cdr is not null && h.Status is "new" or "revised");
            var inLedger = final is not null;
            return (!inLedger || final!.Facts.AmountExclVat == last!.Cdr!.TotalCost).Label($"{final?.Facts.AmountExclVat} vs {last?.Cdr?.TotalCost}");
        });

    /// <summary>Every message delivered once or more (at least once, in order): the same events as delivered exactly once.</summary>
    [Property(MaxTest = 500)]
    public Property redelivered_messages_change_nothing() =>
        Prop.ForAll((from history in History(12)
                     from copies in Gen.ListOf(Gen.Frequency((3, Gen.Constant(1)), (1, Gen.Choose(2, 4))), history.Count)
                     select (history, copies)).ToArbitrary(), pair =>
        {
            var (history, copies) = pair;
            var once = Follow(history);
            var redelivered = Follow(history.SelectMany((change, i) => Enumerable.Repeat(change, copies[i])));
            return (once.Events.Select(Describe).SequenceEqual(redelivered.Events.Select(Describe)) && once.State?.State == redelivered.State?.State)
                .Label($"{string.Join(" ", history.Select((h, i) => $"{h.Status}×{copies[i]}"))}");
        });

    /// <summary>Deciding again on the state a decision produced decides nothing, for every message of every history.</summary>
    [Property(MaxTest = 500)]
    public Property a_decision_is_idempotent_on_its_own_outcome() =>
        Prop.ForAll(History(12).ToArbitrary(), history =>
        {
            LedgerCdr? state = null;
            foreach (var change in history)
            {
                state = LedgerCdrProjection.Fold(state, LedgerDecisions.OnClearingStatus(state, change, LedgerDecisions.Circumstances.None));
                if (LedgerDecisions.OnClearingStatus(state, change, LedgerDecisions.Circumstances.None).Count > 0)
                    return false.Label($"{change.Status} decided twice");
            }
            return true.ToProperty();
        });
}
