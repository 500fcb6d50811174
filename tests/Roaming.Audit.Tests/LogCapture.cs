using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Roaming.Testing;

namespace Roaming.Audit.Tests;

/// <summary>
/// The app's log lines of Marten's daemon, JasperFx and Roaming (Debug and up), rendered, in memory: a positive signal
/// for a test that must know the daemon reached a decision (e.g. that it held the high-water mark before a gap) before
/// it asserts that something did not happen.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private static readonly string[] Captured = ["Marten", "JasperFx", "Roaming"];
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) =>
        Captured.Any(prefix => categoryName.StartsWith(prefix, StringComparison.Ordinal)) ? new Capturing(this, categoryName) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>Polls until a line matches; returns it.</summary>
    public async Task<string> WaitFor(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var deadline = Patience.DeadlineAfter(timeout);
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.FirstOrDefault(match) is { } line)
                return line;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no log line within {Patience.For(timeout)}: {what}");
    }

    public void Dispose()
    {
    }

    private sealed class Capturing(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
    }
}
