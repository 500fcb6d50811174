using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Contracts.Tokens.V1;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Shouldly;

namespace Roaming.Protocols.Bridge.Tests.Tokens;

/// <summary>An e-MSP's tokens (as Tokens publishes ours) → OCHP authorisation list entries.</summary>
public class OcpiTokenToOchpAuthorisationTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 10, 0);
    private static readonly Duration Validity = Duration.FromDays(30);
    private static readonly ProviderId Us = ProviderId.Parse("DE*8AA");

    private static TokenChanged Token(string type = "RFID", string contract = "DE-8AA-CA2B3C4D5-L", bool valid = true, string authorization = "Accepted") =>
        new("DE", "8AA", "04A2B3C4D5E6F7", type, contract, "Mobility Provider", null, valid, "ALLOWED", authorization, Now);

    public static TheoryData<string, bool, string, string> Expiries => new()
    {
        // valid, charger answer → expiry
        { "valid and accepted", true, "Accepted", "2027-01-06T10:00:00Z" },
        { "invalid", false, "Invalid", "2026-12-06T10:00:00Z" },
        { "blocked", true, "Blocked", "2026-12-06T10:00:00Z" },
        { "expired", true, "Expired", "2026-12-06T10:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(Expiries))]
    public void ATokenChargersAccept_ExpiresAfterTheHorizon_AnyOtherIsRevokedWithAPastDate(string why, bool valid, string authorization, string expiry)
    {
        var mapped = OcpiTokenToOchpAuthorisation.Map(Token(valid: valid, authorization: authorization), Us, Now, Validity);

        mapped.IsMapped.ShouldBeTrue(why);
        var info = mapped.Value!;
        (info.EmtId.Instance, info.EmtId.TokenType, info.ContractId, info.ExpiryDate.DateTime)
            .ShouldBe(("04A2B3C4D5E6F7", TokenType.Rfid, "DE-8AA-CA2B3C4D5-L", expiry), why);
        OchpSchema.Validate(OchpXml.ToElement(new SetRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [info] })).ShouldBeEmpty();
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "APP_USER", "DE-8AA-CA2B3C4D5-L", "RFID cards only" },
        { "AD_HOC_USER", "DE-8AA-CA2B3C4D5-L", "RFID cards only" },
        { "RFID", "NL-TNM-C00000001", "not to ours (DE*8AA)" },
        { "RFID", "not-a-contract", "is not a contract id" },
        { "RFID", "[erased]", "is not a contract id" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void ATokenOchpCannotCarry_IsRefusedWithTheReason(string type, string contract, string reason) =>
        string.Join("; ", OcpiTokenToOchpAuthorisation.Map(Token(type, contract), Us, Now, Validity).Problems).ShouldContain(reason);

    private static Protocols.Ocpi.Tokens.Token OcpiToken(string type = "RFID", string whitelist = "ALLOWED", string contract = "DE-8AA-CA2B3C4D5-L",
        bool valid = true) => new()
    {
        CountryCode = "DE", PartyId = "8AA", Uid = "04A2B3C4D5E6F7", Type = new Protocols.Ocpi.OcpiEnum<Protocols.Ocpi.TokenType>(type),
        ContractId = contract, VisualNumber = "DE-8AA-0001", Issuer = "Mobility", Valid = valid,
        Whitelist = new Protocols.Ocpi.OcpiEnum<Protocols.Ocpi.Tokens.WhitelistType>(whitelist), LastUpdated = Now,
    };

    [Theory]
    [InlineData(true, "2027-01-06T10:00:00Z")]
    [InlineData(false, "2026-12-06T10:00:00Z")]
    public void An_OCPI_emsps_token_becomes_its_authorisation_entry_with_the_visual_number_as_printed_number(bool valid, string expiry)
    {
        var info = OcpiTokenToOchpAuthorisation.Map(OcpiToken(valid: valid), Now, Validity).Value!;
        (info.EmtId.Instance, info.ContractId, info.PrintedNumber, info.ExpiryDate.DateTime).ShouldBe(("04A2B3C4D5E6F7", "DE-8AA-CA2B3C4D5-L", "DE-8AA-0001", expiry));
        OchpSchema.Validate(OchpXml.ToElement(new SetRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [info] })).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("RFID", "NEVER", "DE-8AA-CA2B3C4D5-L", "whitelist NEVER")]
    [InlineData("APP_USER", "ALLOWED", "DE-8AA-CA2B3C4D5-L", "RFID cards only")]
    [InlineData("RFID", "ALWAYS", "NL-TNM-C00000001", "belongs to provider NL*TNM")]
    [InlineData("RFID", "ALLOWED", "enc:v1:abc", "is not a contract id")]
    public void An_OCPI_token_OCHP_cannot_carry_is_refused_with_the_reason(string type, string whitelist, string contract, string reason) =>
        string.Join("; ", OcpiTokenToOchpAuthorisation.Map(OcpiToken(type, whitelist, contract), Now, Validity).Problems).ShouldContain(reason);
}
