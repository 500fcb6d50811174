using Microsoft.Extensions.Options;
using Roaming.Platform.Hosting;

namespace Roaming.Ocpi.Partners;

/// <summary>Our own party (ROAMING_PARTY, e.g. <c>NL*TNM</c>), which plays both the CPO and the eMSP role.</summary>
public sealed class OwnPlatform(IOptions<RoamingOptions> roaming)
{
    private readonly string[] _party = roaming.Value.Party.Split('*');

    public string CountryCode => _party[0];
    public string PartyId => _party.Length > 1 ? _party[1] : "";

    public bool Is(string? countryCode, string? partyId) =>
        string.Equals(countryCode, CountryCode, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(partyId, PartyId, StringComparison.OrdinalIgnoreCase);

    /// <summary>Our credentials always describe our own roles (ocpi.md 3.2, issue #484).</summary>
    public IReadOnlyList<CredentialsRole> Roles =>
    [
        new("CPO", new BusinessDetails($"Roaming {CountryCode}*{PartyId}"), PartyId, CountryCode),
        new("EMSP", new BusinessDetails($"Roaming {CountryCode}*{PartyId}"), PartyId, CountryCode),
    ];
}
