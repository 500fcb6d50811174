using NodaTime;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Ocpp;

namespace Roaming.Ingest.Connections;

/// <summary>The answer to one CALL from a charger: a response payload or an error, and the facts to record with it.</summary>
public sealed record Exchange(object? Response, OcppError? Error, IReadOnlyList<object> Facts)
{
    public static Exchange Answer(object response, params object[] facts) => new(response, null, facts);

    public static Exchange Fail(OcppError error) => new(null, error, []);
}

/// <summary>Handles the CALLs of one OCPP version. Implementations decide from the charger's state; the connection records and answers.</summary>
public interface IChargePointProtocol
{
    OcppVersion Version { get; }

    Task<Exchange> Handle(ChargePoint state, Call call, Instant receivedAt, CancellationToken cancellationToken);
}
