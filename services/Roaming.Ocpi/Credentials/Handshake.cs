using Roaming.Ocpi.Partners;
using NodaTime;

namespace Roaming.Ocpi.Credentials;

/// <summary>What a credentials call may do in the partner's current state (ocpi.md 2.3: POST when registered, PUT/DELETE when not → 405).</summary>
public static class Handshake
{
    public static string? RefusePost(Partner partner) =>
        partner.Status == PartnerStatus.Created ? null : "Already registered: use PUT to update or DELETE to unregister";

    public static string? RefuseUpdate(Partner partner) =>
        partner.Status == PartnerStatus.Registered ? null : "Not registered: register with POST first";

    public static PartnerRegistered Register(Partner partner, TheirCredentials theirs, Discovery discovery, string ourToken, Instant now) =>
        new(partner.Id, theirs, discovery.Endpoints!, Transport.TokenHash.Of(ourToken), discovery.EncodeToken, now);

    public static PartnerCredentialsUpdated Update(Partner partner, TheirCredentials theirs, Discovery discovery, string ourToken, Instant now) =>
        new(partner.Id, theirs, discovery.Endpoints!, Transport.TokenHash.Of(ourToken), now);

    public static OcpiCredentials Ours(string token, string baseUrl, OwnPlatform own) =>
        new(token, Transport.OcpiUrls.VersionsUrl(baseUrl), own.Roles);
}
