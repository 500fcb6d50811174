using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Roaming.Ingest.Ocpp;

namespace Roaming.Benchmarks.Ingest;

/// <summary>
/// The OCPP JSON schemas: loading and compiling all of them (<see cref="OcppSchemas"/>'s constructor, once per process at
/// startup) and validating one already parsed StartTransaction request (every CALL a charger sends pays this).
/// Validations per second per core = 1 / Mean of <see cref="ValidateStartTransaction"/>.
/// <code>dotnet run -c Release --project tests/Roaming.Benchmarks -- --filter '*OcppSchemaValidation*'</code>
/// (Was the unit test OcppSchemasPerformanceTests, which only printed Stopwatch figures; the behaviour it touched, a
/// valid request passing, is asserted in tests/Roaming.Ingest.Tests/Ocpp/OcppSchemasTests.)
/// </summary>
[MemoryDiagnoser]
public class OcppSchemaValidation
{
    private readonly OcppSchemas _schemas = OcppSchemas.Shared;
    private JsonDocument _document = null!;
    private JsonElement _payload;

    [GlobalSetup]
    public void Setup()
    {
        _document = JsonDocument.Parse("""{"connectorId":1,"idTag":"04A2B3C4D5E6F7","meterStart":123456,"timestamp":"2026-11-24T10:00:00.123+01:00","reservationId":7}""");
        _payload = _document.RootElement;
        if (_schemas.ValidateRequest(OcppVersion.V16, "StartTransaction", _payload) is { } error)
            throw new InvalidOperationException($"the benchmark's payload must be valid: {error.Description}");
    }

    [GlobalCleanup]
    public void Cleanup() => _document.Dispose();

    [Benchmark]
    public object? ValidateStartTransaction() => _schemas.ValidateRequest(OcppVersion.V16, "StartTransaction", _payload);

    [Benchmark]
    public int LoadAllSchemas() => new OcppSchemas().SchemaCount;
}
