using Roaming.Platform.Security;
using Shouldly;

namespace Roaming.Platform.Tests.Security;

public class VerifiedPasswordsTests
{
    [Fact]
    public void GivenAVerifiedPassword_WhenTheChargerReconnects_ThenTheSameAnswerWithoutPbkdf2_AndAWrongOneStillFails()
    {
        var stored = SecretHasher.Hash("correct-password-01");
        var passwords = new VerifiedPasswords();

        passwords.Verify("CP1", "correct-password-01", stored).ShouldBeTrue();
        passwords.Verify("CP1", "correct-password-01", stored).ShouldBeTrue();
        passwords.Verify("CP1", "wrong-password-0001", stored).ShouldBeFalse();
    }

    [Fact]
    public void GivenARotatedPassword_ThenTheOldOneNoLongerOpens()
    {
        var passwords = new VerifiedPasswords();
        var first = SecretHasher.Hash("first-password-0001");
        passwords.Verify("CP1", "first-password-0001", first).ShouldBeTrue();

        var rotated = SecretHasher.Hash("second-password-001");

        passwords.Verify("CP1", "first-password-0001", rotated).ShouldBeFalse();
        passwords.Verify("CP1", "second-password-001", rotated).ShouldBeTrue();
    }

    [Fact]
    public void GivenAWrongFirstAttempt_ThenNothingIsCached() =>
        new VerifiedPasswords().Verify("CP1", "guess-guess-guess-1", SecretHasher.Hash("correct-password-01")).ShouldBeFalse();
}
