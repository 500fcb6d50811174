using NodaTime;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Charging.Locations;
using Roaming.Charging.Sessions;
using Roaming.Charging.Sessions.Starting;
using Roaming.Contracts.Ingest.V1;
using Roaming.Contracts.Network.V1;
using Shouldly;

namespace Roaming.Charging.Tests.Cdrs;

/// <summary>How the token was authorized travels from Ingest's transaction to the session and the CDR (OCPI auth_method, authorization_reference).</summary>
public class CdrAuthorizationTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 20, 10, 0);

    private static readonly LocationSnapshot Location = new("NL*TNM*LOC1", new LocationChanged(
        "NL", "TNM", "LOC1", "Garage", "Street 1", "Amsterdam", "1012AB", null, "NLD", "52.1", "4.9", "Europe/Amsterdam",
        [new EvseSnapshot("E1", "NL*TNM*E1", "AVAILABLE", [new ConnectorSnapshot("1", "IEC_62196_T2", "SOCKET", "AC_3_PHASE", 230, 32, null, [])])],
        Start));

    private static ChargingTransactionStarted Transaction(string? authMethod, string? reference) =>
        new("CP1", "7", "1.6", 1, 1, new ConnectorReference("LOC1", "E1", "1"), "MSP-1", 1000, Start, Start, false, "Accepted", authMethod, reference);

    [Theory]
    [InlineData(AuthorizationMethods.AuthRequest, "REF-EMSP-1", "AUTH_REQUEST")]
    [InlineData(AuthorizationMethods.Command, "AUTH-START-1", "COMMAND")]
    [InlineData(AuthorizationMethods.Whitelist, null, "WHITELIST")]
    [InlineData(null, null, "WHITELIST")] // a message from a producer that predates the field
    public void TheTransactionsAuthorization_IsOnTheCdr(string? method, string? reference, string onCdr)
    {
        var started = OnChargingTransactionStarted.Decide(null, Transaction(method, reference), "NL*TNM")!;
        var session = ChargingSession.Fold(ChargingSession.Begin(started),
            new SessionEnded(started.SessionId, 3000, Start + Duration.FromMinutes(30), Start + Duration.FromMinutes(30), "Local", false, false));

        var cdr = CdrIssuer.Issue(new CdrInputs(session, null, null, Location, null, "EUR"), Start + Duration.FromHours(1)).Cdr;

        (cdr.AuthMethod, cdr.AuthorizationReference).ShouldBe((onCdr, reference));
    }
}
