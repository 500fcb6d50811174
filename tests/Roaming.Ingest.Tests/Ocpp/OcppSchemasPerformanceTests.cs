using System.Diagnostics;
using System.Text.Json;
using Roaming.Ingest.Ocpp;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace Roaming.Ingest.Tests.Ocpp;

/// <summary>Informative only: prints the numbers, asserts no timing.</summary>
public class OcppSchemasPerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Load_all_schemas_and_validate_10000_StartTransaction_requests()
    {
        var load = Stopwatch.StartNew();
        var schemas = new OcppSchemas();
        load.Stop();

        using var doc = JsonDocument.Parse("""{"connectorId":1,"idTag":"04A2B3C4D5E6F7","meterStart":123456,"timestamp":"2026-11-24T10:00:00.123+01:00","reservationId":7}""");
        var payload = doc.RootElement;
        schemas.ValidateRequest(OcppVersion.V16, "StartTransaction", payload).ShouldBeNull(); // warm-up

        var validate = Stopwatch.StartNew();
        for (var i = 0; i < 10_000; i++)
        {
            schemas.ValidateRequest(OcppVersion.V16, "StartTransaction", payload).ShouldBeNull();
        }

        validate.Stop();

        output.WriteLine($"Loaded {schemas.SchemaCount} schemas in {load.ElapsedMilliseconds} ms (constructor's own measure: {schemas.LoadTime.TotalMilliseconds:F0} ms).");
        output.WriteLine($"Validated 10,000 StartTransaction requests in {validate.ElapsedMilliseconds} ms ({validate.Elapsed.TotalMicroseconds / 10_000:F1} µs each).");
    }
}
