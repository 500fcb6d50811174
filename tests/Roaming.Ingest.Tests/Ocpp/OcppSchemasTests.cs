using System.Text.Json;
using Roaming.Ingest.Ocpp;
using Shouldly;
using Xunit;

namespace Roaming.Ingest.Tests.Ocpp;

public class OcppSchemasTests
{
    private static readonly OcppSchemas Schemas = OcppSchemas.Shared;

    [Fact]
    public void Loads_every_embedded_schema()
    {
        Schemas.SchemaCount.ShouldBe(78 + 128);
        Schemas.Actions(OcppVersion.V16).Count.ShouldBe(39);
        Schemas.Actions(OcppVersion.V201).Count.ShouldBe(64);
    }

    [Theory]
    [InlineData(OcppVersion.V16, "StartTransaction", true)]
    [InlineData(OcppVersion.V16, "TransactionEvent", false)]
    [InlineData(OcppVersion.V16, "SignCertificate", true)] // 1.6 security whitepaper
    [InlineData(OcppVersion.V201, "TransactionEvent", true)]
    [InlineData(OcppVersion.V201, "StartTransaction", false)]
    [InlineData(OcppVersion.V201, "transactionEvent", false)]
    [InlineData(OcppVersion.V201, "TransactionEventRequest", false)]
    [InlineData(OcppVersion.V16, "StartTransactionResponse", false)]
    public void Knows_actions_per_version(OcppVersion version, string action, bool known) =>
        Schemas.IsKnownAction(version, action).ShouldBe(known);

    [Fact]
    public void Unknown_action_is_not_implemented()
    {
        var error = Schemas.ValidateRequest(OcppVersion.V16, "TransactionEvent", Json("{}")).ShouldNotBeNull();
        error.Code.ShouldBe(OcppErrorCode.NotImplemented);
        error.Description.ShouldContain("TransactionEvent");
    }

    [Theory]
    [InlineData("2026-11-24T10:00:00Z")]
    [InlineData("2026-11-24T10:00:00.123+01:00")]
    [InlineData("2026-11-24T10:00:00.123456Z")]
    [InlineData("2026-11-24T10:00:00-05:00")]
    public void Real_charger_timestamps_pass(string timestamp)
    {
        var payload = Json($$"""{"connectorId":1,"idTag":"ABC","meterStart":0,"timestamp":"{{timestamp}}"}""");
        Schemas.ValidateRequest(OcppVersion.V16, "StartTransaction", payload).ShouldBeNull();
        Schemas.ValidateRequest(OcppVersion.V201, "Heartbeat", Json("{}")).ShouldBeNull();
        Schemas.ValidateResponse(OcppVersion.V201, "Heartbeat", Json($$"""{"currentTime":"{{timestamp}}"}""")).ShouldBeNull();
    }

    [Theory]
    [InlineData("Celsius")]
    [InlineData("Celcius")]
    public void Both_celsius_spellings_pass_in_16(string unit)
    {
        var payload = Json($$"""{"connectorId":1,"meterValue":[{"timestamp":"2026-11-24T10:00:00Z","sampledValue":[{"value":"21.5","measurand":"Temperature","unit":"{{unit}}"}]}]}""");
        Schemas.ValidateRequest(OcppVersion.V16, "MeterValues", payload).ShouldBeNull();
        Schemas.ValidateRequest(OcppVersion.V16, "StopTransaction", Json($$"""{"transactionId":1,"meterStop":10,"timestamp":"2026-11-24T10:00:00Z","transactionData":[{"timestamp":"2026-11-24T10:00:00Z","sampledValue":[{"value":"21.5","unit":"{{unit}}"}]}]}""")).ShouldBeNull();
    }

    [Fact]
    public void Validates_responses_too()
    {
        Schemas.ValidateResponse(OcppVersion.V16, "StartTransaction", Json("""{"idTagInfo":{"status":"Accepted"},"transactionId":5}""")).ShouldBeNull();
        Schemas.ValidateResponse(OcppVersion.V16, "StartTransaction", Json("""{"idTagInfo":{"status":"Accepted"}}"""))!
            .Code.ShouldBe(OcppErrorCode.OccurrenceConstraintViolation);
        Schemas.ValidateResponse(OcppVersion.V201, "RequestStartTransaction", Json("""{"status":"Maybe"}"""))!
            .Code.ShouldBe(OcppErrorCode.PropertyConstraintViolation);
    }

    [Fact]
    public void Errors_name_their_paths_and_count_the_rest()
    {
        var error = Schemas.ValidateRequest(OcppVersion.V16, "StartTransaction", Json("""{"connectorId":"1","idTag":1,"meterStart":"0","timestamp":0,"foo":1}""")).ShouldNotBeNull();

        error.Code.ShouldBe(OcppErrorCode.TypeConstraintViolation);
        error.Description.ShouldStartWith("StartTransaction request: $.connectorId must be an integer");
        error.Description.ShouldContain("more)");
        error.Details.ShouldNotBeNull().GetProperty("errors").GetArrayLength().ShouldBe(5);
    }

    [Fact]
    public void Nested_array_item_errors_report_the_leaf()
    {
        var error = Schemas.ValidateRequest(OcppVersion.V201, "TransactionEvent", Json("""
            {"eventType":"Started","timestamp":"2026-11-24T10:00:00Z","triggerReason":"Authorized","seqNo":0,
             "transactionInfo":{"transactionId":"tx-1"},
             "meterValue":[{"timestamp":"2026-11-24T10:00:00Z","sampledValue":[{"value":"12.5"}]}]}
            """)).ShouldNotBeNull();

        error.Code.ShouldBe(OcppErrorCode.TypeConstraintViolation);
        error.Description.ShouldContain("$.meterValue[0].sampledValue[0].value must be a number");
    }

    [Fact]
    public void Too_few_items_is_an_occurrence_violation() =>
        Schemas.ValidateRequest(OcppVersion.V201, "MeterValues", Json("""{"evseId":1,"meterValue":[]}"""))!
            .Code.ShouldBe(OcppErrorCode.OccurrenceConstraintViolation);

    [Fact]
    public void A_start_transaction_with_every_optional_field_passes_and_validating_it_again_gives_the_same_answer()
    {
        var payload = Json("""{"connectorId":1,"idTag":"04A2B3C4D5E6F7","meterStart":123456,"timestamp":"2026-11-24T10:00:00.123+01:00","reservationId":7}""");
        Schemas.ValidateRequest(OcppVersion.V16, "StartTransaction", payload).ShouldBeNull();
        Schemas.ValidateRequest(OcppVersion.V16, "StartTransaction", payload).ShouldBeNull();
        Schemas.ValidateRequest(OcppVersion.V16, "StartTransaction", Json("""{"connectorId":1,"idTag":"04A2B3C4D5E6F7","meterStart":123456,"timestamp":"2026-11-24T10:00:00Z","reservationId":"7"}"""))!
            .Code.ShouldBe(OcppErrorCode.TypeConstraintViolation);
    }

    [Fact]
    public void Custom_data_allows_vendor_properties_in_201() =>
        Schemas.ValidateRequest(OcppVersion.V201, "Heartbeat", Json("""{"customData":{"vendorId":"ACME","anything":[1,2]}}""")).ShouldBeNull();

    [Fact]
    public void Validation_is_safe_from_many_threads()
    {
        var good = Json("""{"connectorId":1,"idTag":"ABC","meterStart":0,"timestamp":"2026-11-24T10:00:00Z"}""");
        var bad = Json("""{"connectorId":1,"idTag":"ABC","timestamp":"2026-11-24T10:00:00Z"}""");
        var failures = 0;

        Parallel.For(0, 4_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var result = Schemas.ValidateRequest(OcppVersion.V16, "StartTransaction", i % 2 == 0 ? good : bad);
            var ok = i % 2 == 0 ? result is null : result?.Code == OcppErrorCode.OccurrenceConstraintViolation;
            if (!ok)
            {
                Interlocked.Increment(ref failures);
            }
        });

        failures.ShouldBe(0);
    }

    [Theory]
    [InlineData(SchemaViolationKind.PropertyRequired, OcppErrorCode.OccurrenceConstraintViolation)]
    [InlineData(SchemaViolationKind.TooManyItems, OcppErrorCode.OccurrenceConstraintViolation)]
    [InlineData(SchemaViolationKind.TooFewItems, OcppErrorCode.OccurrenceConstraintViolation)]
    [InlineData(SchemaViolationKind.IntegerExpected, OcppErrorCode.TypeConstraintViolation)]
    [InlineData(SchemaViolationKind.StringExpected, OcppErrorCode.TypeConstraintViolation)]
    [InlineData(SchemaViolationKind.NotInEnumeration, OcppErrorCode.PropertyConstraintViolation)]
    [InlineData(SchemaViolationKind.StringTooLong, OcppErrorCode.PropertyConstraintViolation)]
    [InlineData(SchemaViolationKind.DateTimeExpected, OcppErrorCode.PropertyConstraintViolation)]
    [InlineData(SchemaViolationKind.NumberTooBig, OcppErrorCode.PropertyConstraintViolation)]
    [InlineData(SchemaViolationKind.NoAdditionalPropertiesAllowed, OcppErrorCode.FormatViolation)]
    [InlineData(SchemaViolationKind.UriExpected, OcppErrorCode.PropertyConstraintViolation)]
    [InlineData(SchemaViolationKind.NumberNotMultipleOf, OcppErrorCode.PropertyConstraintViolation)]
    public void Maps_validation_error_kinds(SchemaViolationKind kind, OcppErrorCode code) =>
        OcppSchemas.CodeFor(kind).ShouldBe(code);

    private static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
