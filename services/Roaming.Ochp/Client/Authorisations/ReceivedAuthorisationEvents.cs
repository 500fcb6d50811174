using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Ochp.Client.Authorisations;

// One stream per token received from the clearing house: "ochp-client-token:<country>*<party>*<uid>", and one stream
// "ochp-client-authorisations" of the list downloads.

/// <summary>
/// A roaming authorisation of a connected e-MSP, as the OCPI Token our chargers are answered from (<see cref="TokenJson"/>,
/// holder fields encrypted under the contract's key as in every Token copy); published to Tokens as PartnerTokenReceived.
/// </summary>
public sealed record RoamingAuthorisationReceived(string CountryCode, string PartyId, string Uid, string Type, string TokenJson, Instant ExpiryDate,
    bool Valid, Instant At);

/// <summary>A token received valid passed its expiry date: re-published invalid (<see cref="TokenJson"/> with valid false).</summary>
public sealed record RoamingAuthorisationExpired(string CountryCode, string PartyId, string Uid, string Type, string TokenJson, Instant At);

/// <summary>A download of the list (full, or the updates since <see cref="Since"/>) and what it brought.</summary>
public sealed record RoamingAuthorisationsDownloaded(bool FullList, Instant? Since, Instant StartedAt, int Received, IReadOnlyList<string> Refused,
    string ResultCode, Instant At);

/// <summary>A received token and whether it was last published valid.</summary>
public sealed record ReceivedAuthorisation
{
    public required string Id { get; init; }
    public Instant ExpiryDate { get; init; }

    /// <summary><see cref="ExpiryDate"/> for queries (Instants are JSON strings in the document).</summary>
    public long ExpiryDateMs { get; init; }
    public bool PublishedValid { get; init; }
    public required string TokenJson { get; init; }
    public required string CountryCode { get; init; }
    public required string PartyId { get; init; }
    public required string Uid { get; init; }
    public required string Type { get; init; }

    public static string StreamFor(string countryCode, string partyId, string uid) => $"ochp-client-token:{countryCode}*{partyId}*{uid}";
}

public sealed class ReceivedAuthorisationProjection : SingleStreamProjection<ReceivedAuthorisation, string>
{
    public static ReceivedAuthorisation Create(JasperFx.Events.IEvent<RoamingAuthorisationReceived> received) => From(received.StreamKey!, received.Data);

    public static ReceivedAuthorisation Apply(RoamingAuthorisationReceived received, ReceivedAuthorisation before) => From(before.Id, received);

    public static ReceivedAuthorisation Apply(RoamingAuthorisationExpired expired, ReceivedAuthorisation before) =>
        before with { PublishedValid = false, TokenJson = expired.TokenJson };

    private static ReceivedAuthorisation From(string id, RoamingAuthorisationReceived received) => new()
    {
        Id = id, ExpiryDate = received.ExpiryDate, ExpiryDateMs = received.ExpiryDate.ToUnixTimeMilliseconds(), PublishedValid = received.Valid, TokenJson = received.TokenJson,
        CountryCode = received.CountryCode, PartyId = received.PartyId, Uid = received.Uid, Type = received.Type,
    };
}

/// <summary>Where the download of the list stands: the full list once, then the updates since the last successful download began.</summary>
public sealed record AuthorisationDownloads(string Id, bool FullListDone, Instant? NextSince)
{
    public const string Stream = "ochp-client-authorisations";
}

public sealed class AuthorisationDownloadsProjection : SingleStreamProjection<AuthorisationDownloads, string>
{
    public static AuthorisationDownloads Create(JasperFx.Events.IEvent<RoamingAuthorisationsDownloaded> downloaded) =>
        new(downloaded.StreamKey!, true, downloaded.Data.StartedAt);

    public static readonly NodaTime.Duration ClockSkewMargin = NodaTime.Duration.FromMinutes(1);

    // The next download asks for what changed since this one began (by our clock, less a margin for the two clocks'
    // skew: an entry fetched twice is put twice, an entry missed would never come).
    public static AuthorisationDownloads Apply(RoamingAuthorisationsDownloaded downloaded, AuthorisationDownloads before) =>
        before with { FullListDone = true, NextSince = downloaded.StartedAt };
}
