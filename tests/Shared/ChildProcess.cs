using System.Diagnostics;
using System.Text;

namespace Roaming.Testing;

/// <summary>A process started by a test, its output captured for the failure message, killed (SIGKILL) on dispose.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}"));
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Waits for the exit an idle machine sees within <paramref name="timeout"/>, stretched by <see cref="Patience"/>.</summary>
    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(Patience.For(timeout));
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    /// <summary>
    /// Waits until the roaming host this process runs answers <c>/health/ready</c> at <paramref name="url"/>; fails with its
    /// output if it exits or takes longer than <paramref name="timeout"/> stretched by <see cref="Patience"/>.
    /// </summary>
    public async Task WaitUntilReady(string url, TimeSpan timeout)
    {
        using var http = new HttpClient();
        var deadline = Patience.DeadlineAfter(timeout);
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited)
                throw new InvalidOperationException("roaming exited: " + Output);
            try
            {
                if ((await http.GetAsync($"{url}/health/ready")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("roaming not ready: " + Output);
    }

    /// <summary>kill -9: no shutdown hooks, no flushing.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        KillHard();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
