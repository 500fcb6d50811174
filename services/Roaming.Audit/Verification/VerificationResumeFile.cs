using System.Text.Json;

namespace Roaming.Audit.Verification;

/// <summary>
/// <c>roaming audit verify --resume FILE</c>: the verifier's state at its last clean point, bound to what was being
/// verified (<see cref="Saved.Source"/>: the bundle's manifest hash, or the service and schema online) and to the
/// extent fixed when the run began (leaf count and checkpoints), so that a resumed run reaches the verdict an
/// uninterrupted one would have. Written atomically; deleted when the run completes.
/// </summary>
public sealed class VerificationResumeFile(string path, string source)
{
    public sealed record Saved(string Source, long? LeavesEnd, int CheckpointCount, VerifierState State);

    /// <summary>What an interrupted run of the same source left, or null to start afresh.</summary>
    public Saved? Load()
    {
        if (!File.Exists(path))
            return null;
        var saved = JsonSerializer.Deserialize<Saved>(File.ReadAllText(path), AuditJson.Options)
            ?? throw new InvalidOperationException($"{path} is empty");
        return saved.Source == source
            ? saved
            : throw new InvalidOperationException($"{path} is the progress of verifying {saved.Source}, not {source}");
    }

    public VerificationResume Resume(Saved? saved, long? leavesEnd, int checkpointCount, long every = 1 << 16) =>
        new(saved?.State, state => Save(new Saved(source, leavesEnd, checkpointCount, state)), every);

    public void Complete() => File.Delete(path);

    private async Task Save(Saved saved)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(saved, AuditJson.Options));
        File.Move(temporary, path, overwrite: true);
    }
}
