using Microsoft.Extensions.Options;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Hosting;

namespace Roaming.Ocpi.Partners;

/// <summary>
/// Our own party (ROAMING_PARTY, e.g. <c>NL*TNM</c>), which plays the CPO and the eMSP role, and how our credentials
/// present it to partners: the roles and business details of <c>Roaming:Ocpi</c> (<see cref="OcpiOptions"/>).
/// </summary>
public sealed class OwnPlatform(IOptions<RoamingOptions> roaming, IOptions<OcpiOptions> ocpi)
{
    private readonly string[] _party = roaming.Value.Party.Split('*');

    public string CountryCode => _party[0];
    public string PartyId => _party.Length > 1 ? _party[1] : "";

    public bool Is(string? countryCode, string? partyId) =>
        string.Equals(countryCode, CountryCode, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(partyId, PartyId, StringComparison.OrdinalIgnoreCase);

    /// <summary>Our credentials always describe our own roles (ocpi.md 3.2, issue #484).</summary>
    public IReadOnlyList<CredentialsRole> Roles
    {
        get
        {
            var details = ocpi.Value.BusinessDetails.ToWire($"Roaming {CountryCode}*{PartyId}");
            return ocpi.Value.AdvertisedRoles.Select(role => new CredentialsRole(role, details, PartyId, CountryCode)).ToArray();
        }
    }
}
