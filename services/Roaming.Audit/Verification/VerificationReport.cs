namespace Roaming.Audit.Verification;

public enum Verdict
{
    /// <summary>Every event is in place and every position is under a signed checkpoint that verifies.</summary>
    Intact,

    /// <summary>Nothing wrong was found, but the newest events are not yet under a signed checkpoint.</summary>
    NotFullyCovered,

    Tampered,
}

public sealed record VerificationReport(
    string Service,
    long FirstIndex,
    long TreeSize,
    long EventsChecked,
    int CheckpointsVerified,
    long CoveredSize,
    long UnsealedEvents,
    IReadOnlyList<Finding> Findings,
    TimeSpan Elapsed)
{
    public Verdict Verdict =>
        Findings.Count > 0 ? Verdict.Tampered : CoveredSize < TreeSize ? Verdict.NotFullyCovered : Verdict.Intact;

    /// <summary>The earliest located problem, else the first one (a root mismatch locates to a checkpoint interval only).</summary>
    public Finding? FirstProblem =>
        Findings.Where(f => f.Index is not null).OrderBy(f => f.Index).ThenBy(f => f.Kind).FirstOrDefault() ?? Findings.FirstOrDefault();

    public int ExitCode => Verdict switch { Verdict.Intact => 0, Verdict.Tampered => 1, _ => 2 };

    /// <summary>The verdict as the CLI prints it.</summary>
    public string VerdictName => Verdict switch { Verdict.Intact => "INTACT", Verdict.NotFullyCovered => "NOT FULLY COVERED", _ => "TAMPERED" };

    public string Summary => Verdict switch
    {
        Verdict.Intact => $"{VerdictName}: {Service}, positions {FirstIndex}..{TreeSize - 1}, {EventsChecked} events, {CheckpointsVerified} signed checkpoint(s) verified",
        Verdict.NotFullyCovered => $"{VerdictName}: {Service}, no problem found, but positions {CoveredSize}..{TreeSize - 1} are not under a signed checkpoint yet",
        _ => $"{VerdictName}: {Service}, {Findings.Count} problem(s); first: {Describe(FirstProblem!)}",
    };

    public static string Describe(Finding finding) =>
        $"{finding.Kind}{(finding.Index is { } index ? $" at position {index}" : "")}{(finding.Sequence is { } sequence ? $" (event seq {sequence})" : "")}: {finding.Message}";
}
