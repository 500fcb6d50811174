using Marten;
using Roaming.Platform.Security;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Participants;

/// <summary>Resolves a WS-Security UsernameToken to the participant whose OCHP login it is, with its roaming connections.</summary>
public sealed class OchpLogins(IOchpStore store, VerifiedPasswords passwords)
{
    /// <summary>The caller, or null when the token is missing, the user unknown or the password wrong.</summary>
    public async Task<OchpCaller?> Authenticate(UsernameToken? token, CancellationToken cancellation)
    {
        if (token is null || string.IsNullOrEmpty(token.Username))
            return null;
        await using var session = store.QuerySession();
        var participant = await session.Query<OchpParticipant>().FirstOrDefaultAsync(p => p.Username == token.Username, cancellation);
        if (participant?.PasswordHash is null || !passwords.Verify($"ochp:{token.Username}", token.Password, participant.PasswordHash))
            return null;
        var operatorIds = participant.OperatorIds.ToArray();
        var providerIds = participant.ProviderIds.ToArray();
        var connections = await session.Query<OchpConnection>()
            .Where(c => c.Active && (c.OperatorId.IsOneOf(operatorIds) || c.ProviderId.IsOneOf(providerIds)))
            .ToListAsync(cancellation);
        return new OchpCaller(participant.Id, token.Username, operatorIds.ToHashSet(), providerIds.ToHashSet(), connections);
    }
}
