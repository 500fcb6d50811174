using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Roaming.Ocpi.Credentials;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Hub.Routing;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Joining;

/// <summary>
/// <c>{base}/ocpi/hub/2.2.1/credentials</c>: our credentials handshake (<see cref="CredentialsEndpoint"/>) with the hub's side
/// of it. Our credentials carry one role, HUB, with our own party and the hub's versions URL; a participant's platform may
/// claim only the participant's parties: a CPO role one of its Operator-IDs, an EMSP role one of its Provider-IDs, any other
/// role one of either (<c>CC*PID</c>).
/// </summary>
public static class HubCredentials
{
    public static CredentialsSide Side { get; } = new(Ours, RefuseRoles, http => http.RequestServices.GetRequiredService<HubDirectory>().Changed());

    /// <summary>The first role the participant does not own, as the message of a 2001; null when all are its own.</summary>
    public static string? RefuseRoles(HubParticipant? participant, IReadOnlyList<CredentialsRole> roles)
    {
        if (participant is null)
            return "roles: the participant this platform was issued for is no longer known to the hub";
        for (var i = 0; i < roles.Count; i++)
        {
            var role = roles[i];
            var party = OcpiParty.Of(role.CountryCode, role.PartyId).Id;
            var (owned, kind) = role.Role.ToUpperInvariant() switch
            {
                "CPO" => (participant.OwnsOperator(party), "Operator-IDs"),
                "EMSP" => (participant.OwnsProvider(party), "Provider-IDs"),
                _ => (participant.Owns(party), "Operator- or Provider-IDs"),
            };
            if (!owned)
                return $"roles[{i}]: role {role.Role} {party} is not one of participant {participant.Id}'s {kind}";
        }
        return null;
    }

    private static OcpiCredentials Ours(HttpContext http, string token)
    {
        var own = http.RequestServices.GetRequiredService<OwnPlatform>();
        var details = own.Roles.FirstOrDefault()?.BusinessDetails ?? new BusinessDetails($"Roaming {own.CountryCode}*{own.PartyId}");
        return new OcpiCredentials(token, HubUrls.VersionsUrl(OcpiUrls.BaseUrl(http.Request)), [new CredentialsRole("HUB", details, own.PartyId, own.CountryCode)]);
    }

    private static async Task<string?> RefuseRoles(HttpContext http, Partner platform, OcpiCredentials theirs)
    {
        await using var session = http.RequestServices.GetRequiredService<IOcpiStore>().QuerySession();
        var participant = await session.LoadAsync<HubParticipant>(platform.ParticipantId!, http.RequestAborted);
        var refusal = RefuseRoles(participant, theirs.Roles);
        if (refusal is not null)
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HubCredentials))
                .LogWarning("Hub credentials of platform {Platform} (participant {Participant}) refused: {Refusal}", platform.Id, platform.ParticipantId, refusal);
        return refusal;
    }
}
