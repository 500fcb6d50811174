using NodaTime;
using Roaming.Charging.Sessions.Recording;
using Shouldly;

namespace Roaming.Charging.Tests.Sessions;

public class SessionProgressThrottleTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 29, 0, 30);

    [Theory]
    // last progress (s after start, null = none), reading (s after start), interval (s), due
    [InlineData(null, 0, 60, true)]      // the first reading always shows
    [InlineData(null, 3600, 60, true)]
    [InlineData(0, 10, 60, false)]       // 10 s samples: five of six are recorded only
    [InlineData(0, 59, 60, false)]
    [InlineData(0, 60, 60, true)]        // exactly one interval later
    [InlineData(0, 70, 60, true)]
    [InlineData(100, 90, 60, false)]     // a reading older than the last progress never shows
    [InlineData(0, 10, 0, true)]         // zero interval: every reading
    [InlineData(0, 0, 0, true)]
    public void a_reading_shows_when_an_interval_of_charger_time_passed(int? lastSeconds, int readingSeconds, int intervalSeconds, bool due) =>
        SessionProgressThrottle.IsDue(lastSeconds is { } last ? Start + Duration.FromSeconds(last) : null,
            Start + Duration.FromSeconds(readingSeconds), Duration.FromSeconds(intervalSeconds)).ShouldBe(due);

    [Fact]
    public void ten_second_samples_over_an_hour_show_once_a_minute_by_default()
    {
        var interval = Duration.FromTimeSpan(new SessionProgressOptions().SessionProgressInterval);
        Instant? last = null;
        var shown = 0;
        for (var t = 0; t < 3600; t += 10)
        {
            var at = Start + Duration.FromSeconds(t);
            if (!SessionProgressThrottle.IsDue(last, at, interval))
                continue;
            shown++;
            last = at;
        }
        shown.ShouldBe(60);
    }
}
