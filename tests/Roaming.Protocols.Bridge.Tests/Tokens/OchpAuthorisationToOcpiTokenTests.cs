using NodaTime;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi.Tokens;
using Shouldly;

namespace Roaming.Protocols.Bridge.Tests.Tokens;

public sealed class OchpAuthorisationToOcpiTokenTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 15, 12, 0);

    private static RoamingAuthorisationInfo Authorisation(string contract = "DE-8AA-CA2B3C4D5-L", int expiresInDays = 30,
        TokenType type = TokenType.Rfid, TokenRepresentation representation = TokenRepresentation.Plain, string uid = "04A2B3C4D5E6F7") => new()
    {
        EmtId = new EmtId { Instance = uid, TokenType = type, Representation = representation },
        ContractId = contract,
        PrintedNumber = "DE-8AA-0001",
        ExpiryDate = DateTimeType.From(Now + Duration.FromDays(expiresInDays)),
    };

    [Fact]
    public void A_whitelist_entry_becomes_an_allowed_rfid_token_of_the_contracts_provider()
    {
        var token = OchpAuthorisationToOcpiToken.Map(Authorisation(), Now).Value!;

        TokenValidation.Validate(token).IsValid.ShouldBeTrue();
        (token.CountryCode, token.PartyId, token.Uid, token.Type!.Text).ShouldBe(("DE", "8AA", "04A2B3C4D5E6F7", "RFID"));
        token.ContractId.ShouldBe("DE-8AA-CA2B3C4D5-L");
        token.VisualNumber.ShouldBe("DE-8AA-0001");
        token.Issuer.ShouldBe("DE*8AA");
        token.Whitelist!.Text.ShouldBe("ALLOWED");
        token.Valid.ShouldBe(true);
        token.LastUpdated.ShouldBe(Now);
    }

    [Fact]
    public void An_expired_entry_is_an_invalid_token() =>
        OchpAuthorisationToOcpiToken.Map(Authorisation(expiresInDays: -1), Now).Value!.Valid.ShouldBe(false);

    [Theory]
    [InlineData("hashed", TokenType.Rfid, TokenRepresentation.Sha256, "DE-8AA-CA2B3C4D5-L", "04A2")]
    [InlineData("remote", TokenType.Remote, TokenRepresentation.Plain, "DE-8AA-CA2B3C4D5-L", "04A2")]
    [InlineData("EMAID", TokenType.Rfid, TokenRepresentation.Plain, "not-a-contract", "04A2")]
    [InlineData("36", TokenType.Rfid, TokenRepresentation.Plain, "DE-8AA-CA2B3C4D5-L", "0123456789012345678901234567890123456789")]
    public void Entries_a_charger_cannot_match_are_refused_with_the_reason(string reason, TokenType type, TokenRepresentation representation,
        string contract, string uid)
    {
        var mapped = OchpAuthorisationToOcpiToken.Map(Authorisation(contract, type: type, representation: representation, uid: uid), Now);
        mapped.IsMapped.ShouldBeFalse();
        mapped.Problems.ShouldContain(p => p.Contains(reason, StringComparison.Ordinal));
    }
}
