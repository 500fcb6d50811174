using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Ocpi.Partners;

// The partner stream: every step of the credentials lifecycle is an event. Tokens we issue are kept only as
// SHA-256 (TokenHash); the token a partner gave us must be presented on every call, so it is kept encrypted
// (SealedToken, see TokenVault): neither the events nor the partner document hold it in plain text.

/// <summary>A partner's credentials as we keep them: its token sealed, its versions URL and roles as given.</summary>
public sealed record TheirCredentials(SealedToken Token, string Url, IReadOnlyList<CredentialsRole> Roles)
{
    public static TheirCredentials Sealed(OcpiCredentials credentials, TokenVault vault) =>
        new(vault.Seal(credentials.Token), credentials.Url, credentials.Roles);
}

/// <summary>The operator created a partner and we issued CREDENTIALS_TOKEN_A for it to register with.</summary>
public sealed record PartnerCreated(string PartnerId, string Name, string TokenAHash, Instant At);

/// <summary>
/// The operator issued token A for a clearing participant's OCPI platform to register with the hub (not with our own
/// platform): the partner's parties must be the participant's Operator-/Provider-IDs, and only the hub's URLs accept its tokens.
/// </summary>
public sealed record HubPartnerCreated(string PartnerId, string ParticipantId, string Name, string TokenAHash, Instant At);

/// <summary>The partner registered with us (POST credentials with token A); we now accept <paramref name="OurTokenHash"/> (token C).</summary>
public sealed record PartnerRegistered(string PartnerId, TheirCredentials Theirs, IReadOnlyList<Endpoint> Endpoints, string OurTokenHash, bool EncodeToken, Instant At);

/// <summary>We started registering with the partner: their endpoints are known and we accept our token B for their calls back.</summary>
public sealed record RegistrationWithPartnerStarted(string PartnerId, string Name, string VersionsUrl, SealedToken TheirTokenA,
    IReadOnlyList<Endpoint> Endpoints, string OurTokenHash, bool EncodeToken, Instant At);

/// <summary>The partner accepted our credentials and gave us theirs (token C).</summary>
public sealed record RegisteredWithPartner(string PartnerId, TheirCredentials Theirs, Instant At);

/// <summary>The partner rotated its token or changed its endpoints (PUT credentials); we issued a new token.</summary>
public sealed record PartnerCredentialsUpdated(string PartnerId, TheirCredentials Theirs, IReadOnlyList<Endpoint> Endpoints, string OurTokenHash, Instant At);

/// <summary>The connection ended (DELETE credentials); no token of ours is accepted any more and nothing is sent.</summary>
public sealed record PartnerUnregistered(string PartnerId, string By, Instant At);

/// <summary>We started rotating our token (PUT to the partner's credentials): until it answers, both tokens are accepted (issue #568).</summary>
public sealed record CredentialsRotationStarted(string PartnerId, string NewTokenHash, Instant At);

/// <summary>The partner accepted our new token and gave us its new one.</summary>
public sealed record CredentialsRotated(string PartnerId, TheirCredentials Theirs, Instant At);

/// <summary>The partner refused or did not answer the rotation: the new token is dropped, the old one stays.</summary>
public sealed record CredentialsRotationAbandoned(string PartnerId, string Reason, Instant At);

/// <summary>The partner's token was sealed again under the current key (key rotation); the token itself did not change.</summary>
public sealed record PartnerTokenResealed(string PartnerId, SealedToken Token, Instant At);

/// <summary>A hub partner reported one of its connected parties (hubclientinfo ClientInfo).</summary>
public sealed record HubClientReported(string PartnerId, HubClientParty Client, Instant At);

/// <summary>A party behind a hub, with its connection status: CONNECTED, OFFLINE, PLANNED or SUSPENDED.</summary>
public sealed record HubClientParty(string CountryCode, string PartyId, string Role, string Status, Instant LastUpdated)
{
    public bool IsParty(string countryCode, string partyId) =>
        string.Equals(CountryCode, countryCode, StringComparison.OrdinalIgnoreCase) && string.Equals(PartyId, partyId, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A party written as on the operator API and in ROAMING_PARTY: <c>NL*ABC</c>.</summary>
public static class PartyText
{
    public static (string CountryCode, string PartyId)? Parse(string? text)
    {
        var parts = (text ?? "").Split('*', StringSplitOptions.TrimEntries);
        return parts is [{ Length: 2 } countryCode, { Length: 3 } partyId] ? (countryCode.ToUpperInvariant(), partyId.ToUpperInvariant()) : null;
    }
}

/// <summary>Whether we send our token to this partner Base64-encoded (2.2.1) or raw (older peers).</summary>
public sealed record OutboundTokenEncodingSet(string PartnerId, bool Base64, Instant At);

public enum PartnerStatus
{
    /// <summary>Token A issued; only versions and credentials are open to it.</summary>
    Created,
    /// <summary>We are registering with the partner; token B is accepted so it can call our versions back.</summary>
    Registering,
    Registered,
    Unregistered,
}

/// <summary>The partner as the OCPI layer needs it: which token we accept, how to call it, which parties it speaks for.</summary>
public sealed record Partner(
    string Id,
    string Name,
    PartnerStatus Status,
    string? AcceptedTokenHash,
    string? PendingTokenHash,
    SealedToken? TheirToken,
    bool EncodeToken,
    string? VersionsUrl,
    IReadOnlyList<Endpoint> Endpoints,
    IReadOnlyList<CredentialsRole> Roles,
    Instant CreatedAt,
    Instant UpdatedAt,
    IReadOnlyList<HubClientParty>? HubClients = null,
    /// <summary>Set for a clearing participant's platform registered with our OCPI hub: the participant it belongs to.</summary>
    string? ParticipantId = null)
{
    /// <summary>A participant's platform connected to our hub (<see cref="HubPartnerCreated"/>): it talks to the hub's URLs only.</summary>
    public bool IsHubParticipant => ParticipantId is not null;

    public bool CanBeCalled => Status is PartnerStatus.Registered && TheirToken is not null;

    /// <summary>The parties this platform may push for and receive data of: its own roles, and for a hub the clients it reports CONNECTED.</summary>
    public bool SpeaksFor(string countryCode, string partyId) =>
        Roles.Any(role => role.IsParty(countryCode, partyId)) ||
        (HubClients ?? []).Any(client => client.Status == "CONNECTED" && client.IsParty(countryCode, partyId));

    /// <summary>The same parties as <see cref="SpeaksFor"/>, as upper-case <c>CC*PID</c> texts (for filtering in the database).</summary>
    public IReadOnlyList<string> PartiesSpokenFor() =>
        Roles.Select(role => $"{role.CountryCode}*{role.PartyId}")
            .Concat((HubClients ?? []).Where(client => client.Status == "CONNECTED").Select(client => $"{client.CountryCode}*{client.PartyId}"))
            .Select(party => party.ToUpperInvariant()).Distinct().ToList();

    public bool IsHub => HasRole("HUB");

    /// <summary>
    /// The hub as one request it forwards sees it: it speaks only for the client in the request's <c>OCPI-from-*</c>
    /// headers, so one client of a hub can neither push nor read another client's objects. Never stored.
    /// </summary>
    public Partner ForwardingFor(HubClientParty client) => this with { Roles = [], HubClients = [client] };

    /// <summary>A CONNECTED client behind this hub with that party, if any.</summary>
    public HubClientParty? ConnectedClient(string countryCode, string partyId) =>
        (HubClients ?? []).FirstOrDefault(client => client.Status == "CONNECTED" && client.IsParty(countryCode, partyId));

    /// <summary>
    /// Whom a request of ours to this platform is addressed to (<c>OCPI-to-*</c>) when we want the party in <paramref name="role"/>:
    /// <paramref name="party"/> when given (a client behind a hub, or one of the platform's own roles; null if it speaks for
    /// no such party), else its own party in that role, else a hub's only CONNECTED client in that role, else the hub itself.
    /// </summary>
    public (string CountryCode, string PartyId)? Addressee(string role, (string CountryCode, string PartyId)? party = null)
    {
        if (party is { } wanted)
            return SpeaksFor(wanted.CountryCode, wanted.PartyId) ? wanted : null;
        if (Roles.FirstOrDefault(r => string.Equals(r.Role, role, StringComparison.OrdinalIgnoreCase)) is { } own)
            return (own.CountryCode, own.PartyId);
        var clients = (HubClients ?? []).Where(c => c.Status == "CONNECTED" && string.Equals(c.Role, role, StringComparison.OrdinalIgnoreCase)).ToList();
        if (clients.Count == 1)
            return (clients[0].CountryCode, clients[0].PartyId);
        return Roles.FirstOrDefault() is { } first ? (first.CountryCode, first.PartyId) : null;
    }

    public bool HasRole(string role) => Roles.Any(r => string.Equals(r.Role, role, StringComparison.OrdinalIgnoreCase));

    public string? EndpointUrl(string module, string interfaceRole) =>
        Endpoints.FirstOrDefault(e => e.Identifier == module && e.Role == interfaceRole)?.Url;

    public static Partner From(PartnerCreated created) =>
        new(created.PartnerId, created.Name, PartnerStatus.Created, created.TokenAHash, null, null, true, null, [], [], created.At, created.At);

    public static Partner From(HubPartnerCreated created) =>
        new(created.PartnerId, created.Name, PartnerStatus.Created, created.TokenAHash, null, null, true, null, [], [], created.At, created.At,
            ParticipantId: created.ParticipantId);

    public static Partner From(RegistrationWithPartnerStarted started) =>
        new(started.PartnerId, started.Name, PartnerStatus.Registering, started.OurTokenHash, null, started.TheirTokenA, started.EncodeToken,
            started.VersionsUrl, started.Endpoints, [], started.At, started.At);

    public Partner Evolve(object @event) => @event switch
    {
        PartnerRegistered registered => this with
        {
            Status = PartnerStatus.Registered, AcceptedTokenHash = registered.OurTokenHash, TheirToken = registered.Theirs.Token,
            EncodeToken = registered.EncodeToken, VersionsUrl = registered.Theirs.Url, Endpoints = registered.Endpoints,
            Roles = registered.Theirs.Roles, UpdatedAt = registered.At,
        },
        RegisteredWithPartner registered => this with
        {
            Status = PartnerStatus.Registered, TheirToken = registered.Theirs.Token, Roles = registered.Theirs.Roles,
            VersionsUrl = registered.Theirs.Url, UpdatedAt = registered.At,
        },
        PartnerCredentialsUpdated updated => this with
        {
            AcceptedTokenHash = updated.OurTokenHash, TheirToken = updated.Theirs.Token, VersionsUrl = updated.Theirs.Url,
            Endpoints = updated.Endpoints, Roles = updated.Theirs.Roles, UpdatedAt = updated.At,
        },
        PartnerUnregistered unregistered => this with
        {
            Status = PartnerStatus.Unregistered, AcceptedTokenHash = null, PendingTokenHash = null, UpdatedAt = unregistered.At,
        },
        CredentialsRotationStarted started => this with { PendingTokenHash = started.NewTokenHash, UpdatedAt = started.At },
        CredentialsRotated rotated => this with
        {
            AcceptedTokenHash = PendingTokenHash ?? AcceptedTokenHash, PendingTokenHash = null, TheirToken = rotated.Theirs.Token,
            VersionsUrl = rotated.Theirs.Url, Roles = rotated.Theirs.Roles, UpdatedAt = rotated.At,
        },
        CredentialsRotationAbandoned abandoned => this with { PendingTokenHash = null, UpdatedAt = abandoned.At },
        OutboundTokenEncodingSet encoding => this with { EncodeToken = encoding.Base64, UpdatedAt = encoding.At },
        PartnerTokenResealed resealed => this with { TheirToken = resealed.Token, UpdatedAt = resealed.At },
        HubClientReported reported => this with
        {
            HubClients = [.. (HubClients ?? []).Where(c => !c.IsParty(reported.Client.CountryCode, reported.Client.PartyId)), reported.Client],
            UpdatedAt = reported.At,
        },
        _ => this,
    };
}

public sealed class PartnerProjection : SingleStreamProjection<Partner, string>
{
    public static Partner Create(PartnerCreated created) => Partner.From(created);

    public static Partner Create(RegistrationWithPartnerStarted started) => Partner.From(started);

    public static Partner Create(HubPartnerCreated created) => Partner.From(created);

    public static Partner Apply(PartnerRegistered e, Partner partner) => partner.Evolve(e);

    public static Partner Apply(RegisteredWithPartner e, Partner partner) => partner.Evolve(e);

    public static Partner Apply(PartnerCredentialsUpdated e, Partner partner) => partner.Evolve(e);

    public static Partner Apply(PartnerUnregistered e, Partner partner) => partner.Evolve(e);

    public static Partner Apply(OutboundTokenEncodingSet e, Partner partner) => partner.Evolve(e);

    public static Partner Apply(CredentialsRotationStarted e, Partner partner) => partner.Evolve(e);

    public static Partner Apply(HubClientReported e, Partner partner) => partner.Evolve(e);

    public static Partner Apply(PartnerTokenResealed e, Partner partner) => partner.Evolve(e);

    public static Partner Apply(CredentialsRotated e, Partner partner) => partner.Evolve(e);

    public static Partner Apply(CredentialsRotationAbandoned e, Partner partner) => partner.Evolve(e);
}
