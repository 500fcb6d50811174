using NodaTime;

namespace Roaming.Charging.Sessions.Recording;

/// <summary>Configuration section <c>Roaming:Charging</c>.</summary>
public sealed class SessionProgressOptions
{
    /// <summary>
    /// At most one running-cost update (<see cref="SessionProgressed"/>, and so one OCPI session PATCH) per session per
    /// this much charger time; zero prices every energy reading. Readings in between are recorded all the same and the
    /// CDR prices every one of them; only the intermediate figures a partner sees are less frequent.
    /// </summary>
    public TimeSpan SessionProgressInterval { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>When an energy reading moves a running session's published kWh and cost on (pure).</summary>
public static class SessionProgressThrottle
{
    /// <summary>
    /// The first reading always does; later ones when at least <paramref name="interval"/> of charger time passed since
    /// the last published one. Charger time, not our clock: a replayed or late backlog is throttled the same way.
    /// </summary>
    public static bool IsDue(Instant? lastProgressedAt, Instant readingAt, Duration interval) =>
        lastProgressedAt is not { } last || readingAt - last >= interval;
}
