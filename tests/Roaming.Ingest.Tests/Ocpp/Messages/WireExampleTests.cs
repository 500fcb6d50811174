using System.Text.Json;
using Roaming.Ingest.Ocpp;
using Shouldly;
using Xunit;
using Ocpp16 = Roaming.Ingest.Ocpp.V16.Messages;
using Ocpp201 = Roaming.Ingest.Ocpp.V201.Messages;

namespace Roaming.Ingest.Tests.Ocpp.Messages;

/// <summary>Payloads shaped like what chargers send (spec examples, odd clocks, numbers where strings belong).</summary>
public class WireExampleTests
{
    [Theory]
    [InlineData("2026-11-24T10:00:00Z", "2026-11-24T10:00:00+00:00")]
    [InlineData("2026-11-24T10:00:00.123+01:00", "2026-11-24T09:00:00.123+00:00")]
    [InlineData("2026-11-24T10:00:00.123456789Z", "2026-11-24T10:00:00.1234568+00:00")]
    [InlineData("2026-11-24T10:00:00", "2026-11-24T10:00:00+00:00")] // no offset: taken as UTC
    [InlineData("2026-11-24 10:00:00+0100", "2026-11-24T09:00:00+00:00")]
    public void Charger_clocks_are_read_leniently(string wire, string expectedUtc)
    {
        var request = OcppJson.Deserialize<Ocpp16.StartTransactionRequest>(Json($$"""{"connectorId":1,"idTag":"A","meterStart":0,"timestamp":"{{wire}}"}"""));
        request.Timestamp.ShouldBe(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("24/11/2026 10:00")]
    [InlineData("1764000000")]
    public void Non_iso_timestamps_fail_deserialization(string wire) =>
        Should.Throw<JsonException>(() => OcppJson.Deserialize<Ocpp16.StartTransactionRequest>(Json($$"""{"connectorId":1,"idTag":"A","meterStart":0,"timestamp":"{{wire}}"}""")));

    [Fact]
    public void Timestamps_are_written_in_utc_with_at_most_three_fraction_digits() =>
        OcppJson.Serialize(new Ocpp16.HeartbeatResponse(new DateTimeOffset(2026, 11, 24, 11, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567)))
            .ShouldBe("""{"currentTime":"2026-11-24T10:00:00.123Z"}""");

    [Fact]
    public void V16_meter_values_as_sent_by_a_charger()
    {
        var request = OcppJson.Deserialize<Ocpp16.MeterValuesRequest>(Json("""
            {"connectorId":1,"transactionId":58,"meterValue":[{"timestamp":"2026-11-24T10:05:00Z","sampledValue":[
              {"value":"1234.5","context":"Sample.Periodic","measurand":"Energy.Active.Import.Register","location":"Outlet","unit":"kWh"},
              {"value":"16.0","measurand":"Current.Import","phase":"L1","unit":"A"},
              {"value":"21","measurand":"Temperature","unit":"Celcius"}]}]}
            """));

        request.TransactionId.ShouldBe(58);
        var sampled = request.MeterValue[0].SampledValue;
        sampled[0].Measurand.ShouldBe(Ocpp16.Measurand.EnergyActiveImportRegister);
        sampled[0].Unit.ShouldBe(Ocpp16.UnitOfMeasure.kWh);
        sampled[1].Phase.ShouldBe(Ocpp16.Phase.L1);
        sampled[2].Unit.ShouldBe(Ocpp16.UnitOfMeasure.Celcius);
        MeterValueNormalizer.Normalize(request.MeterValue)[0].Value.ShouldBe(1_234_500m);
    }

    [Fact]
    public void V16_numeric_sampled_value_is_tolerated_when_deserializing()
    {
        var sampled = OcppJson.Deserialize<Ocpp16.SampledValue>(Json("""{"value":236.10}"""));
        sampled.Value.ShouldBe("236.10");
    }

    [Fact]
    public void V16_stop_transaction_without_id_tag_and_with_transaction_data()
    {
        var request = OcppJson.Deserialize<Ocpp16.StopTransactionRequest>(Json("""
            {"transactionId":-1,"meterStop":15000,"timestamp":"2026-11-24T11:00:00Z","reason":"EVDisconnected",
             "transactionData":[{"timestamp":"2026-11-24T11:00:00Z","sampledValue":[{"value":"15.0","unit":"kWh","context":"Transaction.End"}]}]}
            """));

        request.IdTag.ShouldBeNull();
        request.TransactionId.ShouldBe(-1);
        request.Reason.ShouldBe(Ocpp16.Reason.EVDisconnected);
        request.TransactionData.ShouldNotBeNull().Single().SampledValue.Single().Context.ShouldBe(Ocpp16.ReadingContext.TransactionEnd);
    }

    [Fact]
    public void V201_transaction_event_as_sent_by_a_station()
    {
        var payload = Json("""
            {"eventType":"Started","timestamp":"2026-11-24T10:00:00.000Z","triggerReason":"Authorized","seqNo":0,"offline":false,
             "transactionInfo":{"transactionId":"f0e1d2c3-0000-4000-8000-000000000001","chargingState":"EVConnected"},
             "evse":{"id":1,"connectorId":1},"idToken":{"idToken":"04A2B3C4","type":"ISO14443"},
             "meterValue":[{"timestamp":"2026-11-24T10:00:00Z","sampledValue":[{"value":1234.5,"context":"Transaction.Begin","unitOfMeasure":{"unit":"kWh"}}]}]}
            """);
        OcppSchemas.Shared.ValidateRequest(OcppVersion.V201, "TransactionEvent", payload).ShouldBeNull();

        var request = OcppJson.Deserialize<Ocpp201.TransactionEventRequest>(payload);

        request.EventType.ShouldBe(Ocpp201.TransactionEventEnumType.Started);
        request.TransactionInfo.TransactionId.ShouldBe("f0e1d2c3-0000-4000-8000-000000000001");
        request.IdToken!.Type.ShouldBe(Ocpp201.IdTokenEnumType.ISO14443);
        request.Evse!.ConnectorId.ShouldBe(1);
        MeterValueNormalizer.Normalize(request.MeterValue)[0].Value.ShouldBe(1_234_500m);
    }

    [Fact]
    public void V201_data_transfer_carries_any_json()
    {
        var request = OcppJson.Deserialize<Ocpp201.DataTransferRequest>(Json("""{"vendorId":"ACME","data":{"a":[1,2]}}"""));
        request.Data.ShouldNotBeNull().GetProperty("a").GetArrayLength().ShouldBe(2);
        OcppJson.Serialize(request).ShouldBe("""{"vendorId":"ACME","data":{"a":[1,2]}}""");
    }

    [Fact]
    public void Missing_required_field_fails_deserialization() =>
        Should.Throw<JsonException>(() => OcppJson.Deserialize<Ocpp16.AuthorizeRequest>(Json("{}")));

    [Fact]
    public void Unknown_enum_value_fails_deserialization() =>
        Should.Throw<JsonException>(() => OcppJson.Deserialize<Ocpp16.ResetRequest>(Json("""{"type":"Medium"}""")));

    [Fact]
    public void Integer_for_enum_fails_deserialization() =>
        Should.Throw<JsonException>(() => OcppJson.Deserialize<Ocpp16.ResetRequest>(Json("""{"type":0}""")));

    [Fact]
    public void Enum_wire_names_are_available_without_serializing()
    {
        Ocpp16.Measurand.EnergyActiveImportRegister.ToWire().ShouldBe("Energy.Active.Import.Register");
        Ocpp201.PhaseEnumType.L3L1.ToWire().ShouldBe("L3-L1");
        Ocpp201.IdTokenEnumType.eMAID.ToWire().ShouldBe("eMAID");
    }

    private static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
