using BenchmarkDotNet.Attributes;
using Roaming.Platform.Security;

namespace Roaming.Benchmarks.Ingest;

/// <summary>
/// What every OCPP connect (and reconnect) costs before the WebSocket upgrade: the Basic-auth password checked against
/// its stored PBKDF2 hash (<see cref="SecretHasher.Verify"/>). Connects per second per core = 1 / Mean.
/// </summary>
public class ConnectAuthentication
{
    private const string Password = "load-password-00000001";
    private readonly string _hash = SecretHasher.Hash(Password);

    [Benchmark]
    public bool VerifyPassword() => SecretHasher.Verify(Password, _hash);
}
