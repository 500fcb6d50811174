using System.Collections.Concurrent;
using Marten;
using NodaTime;
using Roaming.Platform.Security;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Participants;

/// <summary>
/// Resolves a WS-Security UsernameToken to the participant whose OCHP login it is, with its roaming connections.
/// Partners call many times a minute, so a resolved login is kept in memory for <see cref="Lifetime"/>: two Marten
/// queries per call cost more CPU than a batch of CDRs' plausibility rules. The replica's consumers in this process
/// drop the cache at once (<see cref="Forget"/>); a change consumed by another process of the same service reaches
/// this one within the lifetime. The password is still checked on every call (against the cached stored hash, through
/// <see cref="VerifiedPasswords"/>).
/// </summary>
public sealed class OchpLogins(IOchpStore store, VerifiedPasswords passwords, IClock clock)
{
    public static readonly Duration Lifetime = Duration.FromSeconds(5);

    private sealed record Resolved(OchpParticipant? Participant, IReadOnlyList<OchpConnection> Connections, Instant Until);

    private readonly ConcurrentDictionary<string, Resolved> _resolved = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>The caller, or null when the token is missing, the user unknown or the password wrong.</summary>
    public async Task<OchpCaller?> Authenticate(UsernameToken? token, CancellationToken cancellation)
    {
        if (token is null || string.IsNullOrEmpty(token.Username))
            return null;
        var now = clock.GetCurrentInstant();
        if (!_resolved.TryGetValue(token.Username, out var resolved) || resolved.Until <= now)
        {
            // A change committed while this resolve read must not be hidden behind what it read before the change.
            var generation = Interlocked.Read(ref _generation);
            resolved = await Resolve(token.Username, now, cancellation);
            if (Interlocked.Read(ref _generation) == generation)
                _resolved[token.Username] = resolved;
        }
        var participant = resolved.Participant;
        if (participant?.PasswordHash is null || !passwords.Verify($"ochp:{token.Username}", token.Password, participant.PasswordHash))
            return null;
        return new OchpCaller(participant.Id, token.Username, participant.OperatorIds.ToHashSet(), participant.ProviderIds.ToHashSet(),
            resolved.Connections);
    }

    /// <summary>A participant or connection of the replica changed: resolve every login afresh.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _resolved.Clear();
    }

    private async Task<Resolved> Resolve(string username, Instant now, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var participant = await session.Query<OchpParticipant>().FirstOrDefaultAsync(p => p.Username == username, cancellation);
        if (participant is null)
            return new Resolved(null, [], now + Lifetime);
        var operatorIds = participant.OperatorIds.ToArray();
        var providerIds = participant.ProviderIds.ToArray();
        var connections = await session.Query<OchpConnection>()
            .Where(c => c.Active && (c.OperatorId.IsOneOf(operatorIds) || c.ProviderId.IsOneOf(providerIds)))
            .ToListAsync(cancellation);
        return new Resolved(participant, connections, now + Lifetime);
    }
}
