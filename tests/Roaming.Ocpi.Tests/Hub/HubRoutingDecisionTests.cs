using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.AspNetCore.Http;
using NodaTime;
using Roaming.Ocpi.Hub;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Hub.Routing;
using Roaming.Ocpi.Partners;
using Shouldly;

namespace Roaming.Ocpi.Tests.Hub;

/// <summary>
/// The hub's routing decision, table-driven: the hub NL*HUB; participant P-CPO owns the Operator-ID NL*CPO, P-MSP the
/// Provider-ID NL*MSP, P-LON the Operator-ID NL*LON (no roaming connection), P-OCH the Operator-ID DE*OCH (speaks OCHP, no
/// OCPI platform), P-GON the Provider-ID NL*GON (its platform unregistered). NL*CPO and NL*MSP, DE*OCH and NL*MSP, NL*GON
/// and NL*CPO are connected.
/// </summary>
public class HubRoutingDecisionTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 1, 10, 0);
    private static readonly OcpiParty Hub = OcpiParty.Of("NL", "HUB");

    internal static Partner Platform(string id, string participant, PartnerStatus status, params (string Role, string Party)[] roles) =>
        new(id, id, status, "hash", null, status == PartnerStatus.Registered ? new SealedToken("k", "n", "c") : null, true, "http://peer/versions",
            [.. new[] { "locations", "sessions", "cdrs", "tariffs", "tokens", "commands" }.SelectMany(m => new[]
            {
                new Roaming.Ocpi.Partners.Endpoint(m, InterfaceRoles.Sender, $"http://{id}/sender/{m}"), new Roaming.Ocpi.Partners.Endpoint(m, InterfaceRoles.Receiver, $"http://{id}/receiver/{m}"),
            })],
            [.. roles.Select(r => new CredentialsRole(r.Role, new BusinessDetails(id), r.Party[3..], r.Party[..2]))], At, At, ParticipantId: participant);

    internal static readonly Partner CpoPlatform = Platform("cpo-platform", "P-CPO", PartnerStatus.Registered, ("CPO", "NL*CPO"));
    internal static readonly Partner MspPlatform = Platform("msp-platform", "P-MSP", PartnerStatus.Registered, ("EMSP", "NL*MSP"));
    internal static readonly Partner LonePlatform = Platform("lone-platform", "P-LON", PartnerStatus.Registered, ("CPO", "NL*LON"));
    internal static readonly Partner GonePlatform = Platform("gone-platform", "P-GON", PartnerStatus.Unregistered, ("EMSP", "NL*GON"));

    internal static HubDirectoryView Directory(params string[] heldOffline) => new(Hub,
        [
            new HubParticipant("P-CPO", "CPO", ["NL*CPO"], [], false, At), new HubParticipant("P-MSP", "MSP", [], ["NL*MSP"], false, At),
            new HubParticipant("P-LON", "Lone", ["NL*LON"], [], false, At), new HubParticipant("P-OCH", "Ochp", ["DE*OCH"], [], true, At),
            new HubParticipant("P-GON", "Gone", [], ["NL*GON"], false, At),
        ],
        [CpoPlatform, MspPlatform, LonePlatform, GonePlatform],
        [
            new HubConnection(HubConnection.IdOf("NL*CPO", "NL*MSP"), "NL*CPO", "NL*MSP", true, At),
            new HubConnection(HubConnection.IdOf("DE*OCH", "NL*MSP"), "DE*OCH", "NL*MSP", true, At),
            new HubConnection(HubConnection.IdOf("NL*CPO", "NL*GON"), "NL*CPO", "NL*GON", true, At),
            new HubConnection(HubConnection.IdOf("NL*LON", "NL*MSP"), "NL*LON", "NL*MSP", false, At),
        ],
        heldOffline.ToHashSet());

    internal static HubCall Call(Partner platform, string from, string? to, string module, string role, string method, params string[] path) =>
        new(platform, platform.ParticipantId!, OcpiParty.Of(from[..2], from[3..]), to is null ? null : OcpiParty.Of(to[..2], to[3..]), module, role, method, path,
            QueryString.Empty, "request", "correlation");

    public static TheoryData<string, string, string?, string, string, string, string, string> Cases => new()
    {
        // caller, FROM, TO, module, interface, method, path, expected
        { "cpo", "NL*CPO", "NL*MSP", "locations", "RECEIVER", "PUT", "NL/CPO/LOC1", "forward http://msp-platform/receiver/locations" },
        { "msp", "NL*MSP", "NL*CPO", "locations", "SENDER", "GET", "", "forward http://cpo-platform/sender/locations" },
        { "msp", "NL*MSP", "NL*CPO", "commands", "RECEIVER", "POST", "START_SESSION", "forward http://cpo-platform/receiver/commands" },
        { "cpo", "NL*CPO", "NL*MSP", "tokens", "SENDER", "POST", "012345678/authorize", "forward http://msp-platform/sender/tokens" },
        { "cpo", "NL*CPO", "NL*MSP", "sessions", "RECEIVER", "PATCH", "NL/CPO/S1", "forward http://msp-platform/receiver/sessions" },
        { "cpo", "NL*CPO", "NL*HUB", "locations", "RECEIVER", "PUT", "NL/CPO/LOC1", "hub" },
        { "msp", "NL*MSP", null, "locations", "SENDER", "GET", "", "hub" },
        { "msp", "NL*MSP", "NL*HUB", "tokens", "SENDER", "GET", "", "hub" },
        { "cpo", "NL*CPO", "NL*MSP", "cdrs", "RECEIVER", "POST", "", "hub" },
        { "cpo", "NL*CPO", null, "cdrs", "RECEIVER", "POST", "", "hub" },
        { "msp", "NL*MSP", "NL*CPO", "cdrs", "SENDER", "GET", "", "hub" },
        { "msp", "NL*MSP", "DE*OCH", "tokens", "RECEIVER", "PUT", "NL/MSP/012345678", "hub" },
        { "msp", "NL*MSP", "DE*OCH", "sessions", "SENDER", "GET", "", "refuse OK 4003" },
        { "msp", "NL*CPO", "NL*MSP", "locations", "SENDER", "GET", "", "refuse Forbidden 2001" },
        { "msp", "NL*MSP", "NL*CPO", "locations", "RECEIVER", "PUT", "NL/CPO/LOC1", "refuse Forbidden 2001" },
        { "cpo", "NL*CPO", "NL*HUB", "sessions", "RECEIVER", "PUT", "NL/CPO/S1", "refuse OK 2001" },
        { "cpo", "NL*CPO", null, "locations", "RECEIVER", "PUT", "NL/CPO/LOC1", "refuse OK 2001" },
        { "msp", "NL*MSP", "NL*HUB", "commands", "RECEIVER", "POST", "START_SESSION", "refuse OK 2001" },
        { "cpo", "NL*CPO", "XX*NOB", "locations", "RECEIVER", "PUT", "NL/CPO/LOC1", "refuse OK 4001" },
        { "lone", "NL*LON", "NL*MSP", "locations", "RECEIVER", "PUT", "NL/LON/LOC1", "refuse OK 4003" },
        { "cpo", "NL*CPO", "NL*GON", "locations", "RECEIVER", "PUT", "NL/CPO/LOC1", "refuse OK 4003" },
        { "cpo", "NL*CPO", "NL*MSP", "invoices", "RECEIVER", "PUT", "", "refuse NotFound 2000" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecidesAsTheTableSays(string caller, string from, string? to, string module, string role, string method, string path, string expected)
    {
        var platform = caller switch { "cpo" => CpoPlatform, "msp" => MspPlatform, _ => LonePlatform };
        var route = HubRouting.Decide(Call(platform, from, to, module, role, method, path.Split('/', StringSplitOptions.RemoveEmptyEntries)), Directory());
        Describe(route).ShouldBe(expected);
    }

    [Fact]
    public void AReceiverHeldOfflineIsNotCalledButRefusedWith4003()
    {
        var route = HubRouting.Decide(Call(CpoPlatform, "NL*CPO", "NL*MSP", "locations", "RECEIVER", "PUT", "NL", "CPO", "LOC1"), Directory("msp-platform"));
        route.ShouldBeOfType<HubRoute.Refuse>().Message.ShouldContain("offline");
    }

    [Fact]
    public void TheRefusalsSayWhy()
    {
        Message(Call(MspPlatform, "NL*CPO", "NL*MSP", "locations", "SENDER", "GET")).ShouldBe("Party NL*CPO is not one of this platform's parties");
        Message(Call(CpoPlatform, "NL*CPO", "XX*NOB", "locations", "SENDER", "GET")).ShouldContain("XX*NOB is not a party of any participant");
        Message(Call(LonePlatform, "NL*LON", "NL*MSP", "locations", "SENDER", "GET")).ShouldBe("No active roaming connection between NL*LON and NL*MSP");
        Message(Call(CpoPlatform, "NL*CPO", "NL*GON", "locations", "SENDER", "GET")).ShouldBe("The platform of party NL*GON is unregistered");

        static string Message(HubCall call) => HubRouting.Decide(call, Directory()).ShouldBeOfType<HubRoute.Refuse>().Message;
    }

    private static string Describe(HubRoute route) => route switch
    {
        HubRoute.Forward forward => $"forward {forward.EndpointUrl}",
        HubRoute.Hub => "hub",
        HubRoute.Refuse refuse => $"refuse {refuse.HttpStatus} {refuse.OcpiStatus}",
        _ => route.ToString()!,
    };

    private static readonly string[] Parties = ["NL*CPO", "NL*MSP", "NL*LON", "DE*OCH", "NL*GON", "NL*HUB", "XX*NOB"];
    private static readonly string[] ModuleNames = ["locations", "sessions", "cdrs", "tariffs", "tokens", "commands"];

    /// <summary>
    /// Whatever a platform sends, with whatever routing headers and path: a forward goes only to a registered platform whose
    /// credentials carry TO, and never for a FROM the calling platform does not carry.
    /// </summary>
    [Property(MaxTest = 2000)]
    public Property NoDecisionForwardsForAPartyThePlatformDoesNotCarryNorToAPlatformNotCarryingTo() => Prop.ForAll(
        (from caller in Gen.Elements(CpoPlatform, MspPlatform, LonePlatform, GonePlatform)
         from fromParty in Gen.Elements(Parties)
         from toParty in Gen.Elements(Parties.Append(null).ToArray())
         from module in Gen.Elements(ModuleNames)
         from role in Gen.Elements("SENDER", "RECEIVER")
         from method in Gen.Elements("GET", "PUT", "PATCH", "POST", "DELETE")
         from owner in Gen.Elements(Parties)
         from offline in Gen.Elements(Array.Empty<string>(), ["msp-platform"], ["cpo-platform"])
         select (caller, fromParty, toParty, module, role, method, owner, offline)).ToArbitrary(),
        input =>
        {
            var (caller, fromParty, toParty, module, role, method, owner, offline) = input;
            var call = Call(caller, fromParty, toParty, module, role, method, owner[..2], owner[3..], "X1");
            var route = HubRouting.Decide(call, Directory(offline));
            if (route is not HubRoute.Forward forward)
                return true;
            var to = call.To!.Value;
            return caller.Roles.Any(r => r.IsParty(call.From.CountryCode, call.From.PartyId)) &&
                   forward.Platform.Status == PartnerStatus.Registered &&
                   forward.Platform.Roles.Any(r => r.IsParty(to.CountryCode, to.PartyId)) &&
                   !offline.Contains(forward.Platform.Id) &&
                   (role != "RECEIVER" || method == "GET" || module is "commands" or "cdrs" || (owner == call.From.Id));
        });
}
