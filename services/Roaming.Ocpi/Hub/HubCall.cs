using Microsoft.AspNetCore.Http;
using Roaming.Ocpi.Partners;

namespace Roaming.Ocpi.Hub;

/// <summary>An OCPI party: country code and party id, upper case. <see cref="Id"/> is the clearing house's <c>CC*PID</c>.</summary>
public readonly record struct OcpiParty(string CountryCode, string PartyId)
{
    public string Id => $"{CountryCode}*{PartyId}";

    public static OcpiParty Of(string countryCode, string partyId) => new(countryCode.ToUpperInvariant(), partyId.ToUpperInvariant());

    public override string ToString() => Id;
}

/// <summary>
/// One request a participant's platform made to the hub, as the hub gate resolved it: the calling platform (a hub
/// partner), the participant it belongs to, the routing headers (<paramref name="To"/> null when left out), and what was
/// asked: <c>{base}/ocpi/hub/2.2.1/{InterfaceRole}/{Module}/{Path}</c> with the method and query.
/// </summary>
/// <param name="InterfaceRole">The hub's interface the caller used: <c>SENDER</c> (the caller reads or asks) or <c>RECEIVER</c> (the caller pushes).</param>
/// <param name="Path">The segments after the module, e.g. <c>[NL, ABC, LOC1]</c> or <c>[START_SESSION]</c>.</param>
public sealed record HubCall(
    Partner Platform,
    string ParticipantId,
    OcpiParty From,
    OcpiParty? To,
    string Module,
    string InterfaceRole,
    string Method,
    IReadOnlyList<string> Path,
    QueryString Query,
    string RequestId,
    string CorrelationId);
