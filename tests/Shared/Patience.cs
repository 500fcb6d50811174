using System.Globalization;

namespace Roaming.Testing;

/// <summary>
/// How long a test waits for an asynchronous outcome (a consumer, a push, a projection) before it calls the outcome lost.
/// Every such wait polls for a positive signal and returns as soon as it comes, so a generous limit costs nothing when
/// the code works; it only decides how soon a broken run fails. The limits written in the tests are what an idle machine
/// needs; the whole suite runs every test project at once on two cores, where the same step can take several times as
/// long, so each limit is stretched by <c>ROAMING_TEST_PATIENCE</c> (default 3).
/// </summary>
public static class Patience
{
    public static double Factor { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("ROAMING_TEST_PATIENCE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor)
        && factor >= 1
            ? factor
            : 3;

    /// <summary>The wait for an outcome an idle machine delivers within <paramref name="idle"/>.</summary>
    public static TimeSpan For(TimeSpan idle) => idle * Factor;

    /// <summary>The deadline of such a wait starting now.</summary>
    public static DateTime DeadlineAfter(TimeSpan idle) => DateTime.UtcNow + For(idle);
}
