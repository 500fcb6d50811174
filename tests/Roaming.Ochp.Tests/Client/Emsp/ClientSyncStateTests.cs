using NodaTime;
using Roaming.Ochp.Client.Emsp;
using Shouldly;

namespace Roaming.Ochp.Tests.Client.Emsp;

public class ClientSyncStateTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 10, 0);

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1920)]
    [InlineData(8, 3600)]
    [InlineData(40, 3600)]
    public void TheWait_DoublesFromTheFirstDelay_UpToTheMaximum(int failures, int seconds)
    {
        var state = ClientSyncState.New("s");
        for (var i = 0; i < failures; i++)
            state = state.Failed(Now, "down", Duration.FromSeconds(30), Duration.FromHours(1));

        (state.Failures, state.NextAttemptAt).ShouldBe((failures, Now + Duration.FromSeconds(seconds)));
        state.MayRun(Now + Duration.FromSeconds(seconds) - Duration.FromMilliseconds(1)).ShouldBeFalse();
        state.MayRun(Now + Duration.FromSeconds(seconds)).ShouldBeTrue();
        state.Succeeded(Now).ShouldBe(new ClientSyncState("s", Now, 0, null, null));
    }
}
