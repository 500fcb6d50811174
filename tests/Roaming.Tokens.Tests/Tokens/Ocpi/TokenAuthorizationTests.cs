using NodaTime;
using Roaming.Tokens.Tokens.Ocpi;
using Shouldly;
using Xunit;
using static Roaming.Tokens.Tokens.Ocpi.ChargerAuthorizationStatus;
using static Roaming.Tokens.Tokens.Ocpi.RealTimeAuthorization;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tokens;


namespace Roaming.Tokens.Tests.Tokens.Ocpi;

/// <summary>The local authorization rules as a table: whitelist x valid -> what the charger is told, and whether to ask the eMSP.</summary>
public class TokenAuthorizationTests
{
    public static readonly TheoryData<string, bool, ChargerAuthorizationStatus, RealTimeAuthorization> WhitelistRules = new()
    {
        // whitelist,        valid, charger is told, real-time call
        { "ALWAYS",          true,  Accepted,        NotUsed },
        { "ALWAYS",          false, Blocked,         NotUsed },
        { "ALLOWED",         true,  Accepted,        Optional },
        { "ALLOWED",         false, Blocked,         Optional },
        { "ALLOWED_OFFLINE", true,  Accepted,        Required },
        { "ALLOWED_OFFLINE", false, Blocked,         Required },
        { "NEVER",           true,  Invalid,         Required },
        { "NEVER",           false, Invalid,         Required },
        { "SOMETIMES",       true,  Invalid,         Required },
    };

    [Theory]
    [MemberData(nameof(WhitelistRules))]
    public void a_cached_token_is_decided_by_its_whitelist_and_validity(
        string whitelist, bool valid, ChargerAuthorizationStatus expectedStatus, RealTimeAuthorization expectedRealTime)
    {
        var token = Rfid(whitelist, valid);

        var decision = TokenAuthorization.Decide(token);

        decision.Status.ShouldBe(expectedStatus);
        decision.RealTime.ShouldBe(expectedRealTime);
        decision.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void an_unknown_token_is_invalid_and_there_is_no_emsp_to_ask()
    {
        TokenAuthorization.Decide(null).ShouldBe(new AuthorizationDecision(Invalid, NotUsed, "unknown token"));
    }

    [Fact]
    public void a_token_whose_valid_flag_is_missing_is_not_accepted()
    {
        TokenAuthorization.Decide(Rfid("ALWAYS", valid: true) with { Valid = null }).Status.ShouldBe(Blocked);
    }

    public static readonly TheoryData<string, ChargerAuthorizationStatus> RealTimeAnswers = new()
    {
        { "ALLOWED",     Accepted },
        { "BLOCKED",     Blocked },
        { "EXPIRED",     Expired },
        { "NO_CREDIT",   Blocked },
        { "NOT_ALLOWED", Invalid },
        { "MAYBE",       Invalid },
    };

    [Theory]
    [MemberData(nameof(RealTimeAnswers))]
    public void the_emsps_real_time_answer_maps_to_an_ocpp_16_status(string allowed, ChargerAuthorizationStatus expected)
    {
        var info = new AuthorizationInfo { Allowed = new OcpiEnum<AllowedType>(allowed), Token = Rfid("NEVER", valid: true) };

        TokenAuthorization.DecideFromRealTime(info).Status.ShouldBe(expected);
    }

    [Fact]
    public void a_token_the_emsp_does_not_know_is_invalid()
    {
        TokenAuthorization.DecideFromRealTime(null).Status.ShouldBe(Invalid);
    }

    [Fact]
    public void the_status_names_are_the_ocpp_16_id_tag_info_values()
    {
        Enum.GetNames<ChargerAuthorizationStatus>().ShouldBe(["Accepted", "Blocked", "Expired", "Invalid"]);
        System.Text.Json.JsonSerializer.Serialize(Accepted).ShouldBe("\"Accepted\"");
    }

    private static Token Rfid(string whitelist, bool valid) => new()
    {
        CountryCode = "NL",
        PartyId = "TNM",
        Uid = "012345678",
        Type = TokenType.Rfid,
        ContractId = "NL8ACC12E46L89",
        Issuer = "TheNewMotion",
        Valid = valid,
        Whitelist = new OcpiEnum<WhitelistType>(whitelist),
        LastUpdated = Instant.FromUtc(2015, 6, 29, 22, 39, 9),
    };
}
