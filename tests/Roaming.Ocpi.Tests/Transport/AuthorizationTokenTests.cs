using Roaming.Ocpi.Transport;
using Shouldly;

namespace Roaming.Ocpi.Tests.Transport;

public class AuthorizationTokenTests
{
    [Fact]
    public void GivenBase64Header_WhenRead_ThenDecodedTokenComesFirstAndRawSecond()
    {
        var candidates = AuthorizationToken.Candidates("Token ZXhhbXBsZS10b2tlbg==");
        candidates.ShouldBe(["example-token", "ZXhhbXBsZS10b2tlbg=="]);
    }

    [Fact]
    public void GivenPlainHeader_WhenRead_ThenTheRawTokenIsTheOnlyCandidate()
    {
        AuthorizationToken.Candidates("Token ebf3b399-779f-4497-9b9d-ac6ad3cc44d2").ShouldBe(["ebf3b399-779f-4497-9b9d-ac6ad3cc44d2"]);
    }

    [Fact]
    public void GivenTheSpecExampleWithItsTrailingNewline_WhenRead_ThenOnlyTheRawValueIsTried()
    {
        // "ZXhhbXBsZS10b2tlbgo=" decodes to "example-token\n": not a valid token, so it is not a candidate (ocpi.md 2.1).
        AuthorizationToken.Candidates("Token ZXhhbXBsZS10b2tlbgo=").ShouldBe(["ZXhhbXBsZS10b2tlbgo="]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("Token ")]
    public void GivenNoTokenHeader_WhenRead_ThenThereIsNoCandidate(string? header) => AuthorizationToken.Candidates(header).ShouldBeEmpty();

    [Fact]
    public void GivenAToken_WhenWrittenPerPartnerSetting_ThenBase64OrPlain()
    {
        AuthorizationToken.Header("example-token", base64: true).ShouldBe("Token ZXhhbXBsZS10b2tlbg==");
        AuthorizationToken.Header("example-token", base64: false).ShouldBe("Token example-token");
    }

    [Fact]
    public void NewTokens_AreValidCredentialsTokensAndHashedForLookup()
    {
        var token = TokenHash.NewToken();
        AuthorizationToken.IsValidToken(token).ShouldBeTrue();
        TokenHash.Of(token).Length.ShouldBe(64);
        TokenHash.Of(token).ShouldNotBe(TokenHash.Of(TokenHash.NewToken()));
    }
}
