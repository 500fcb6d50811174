using System.Text.Json;
using Roaming.Ingest.Ocpp;
using Shouldly;
using Xunit;

namespace Roaming.Ingest.Tests.Ocpp.Messages;

/// <summary>
/// One round trip per DTO per version (MQTTnet style): fill every member, serialize with <see cref="OcppJson.Options"/>,
/// validate against the official schema (request or response), deserialize, serialize again and compare.
/// Run twice per message: with the first and with the last value of every enum.
/// </summary>
public class DtoRoundTripTests
{
    public static TheoryData<OcppVersion, string, bool, int> Messages()
    {
        var data = new TheoryData<OcppVersion, string, bool, int>();
        foreach (var entry in OcppMessageCatalog.All)
        {
            foreach (var isRequest in new[] { true, false })
            {
                data.Add(entry.Version, entry.Action, isRequest, 0);
                data.Add(entry.Version, entry.Action, isRequest, 1);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Round_trip_with_every_field_filled_validates_against_the_official_schema(OcppVersion version, string action, bool isRequest, int variant)
    {
        OcppMessageCatalog.TryGet(version, action, out var types).ShouldBeTrue();
        var type = isRequest ? types.Request : types.Response;
        var original = DtoFiller.Fill(type, variant);

        var json = JsonSerializer.SerializeToElement(original, type, OcppJson.Options);
        var error = isRequest
            ? OcppSchemas.Shared.ValidateRequest(version, action, json)
            : OcppSchemas.Shared.ValidateResponse(version, action, json);
        error.ShouldBeNull($"{type.FullName}: {json.GetRawText()}");

        var back = json.Deserialize(type, OcppJson.Options).ShouldNotBeNull();
        back.ShouldBeOfType(type);
        JsonSerializer.Serialize(back, type, OcppJson.Options).ShouldBe(json.GetRawText());
    }

    [Fact]
    public void Catalog_covers_every_action_of_the_brief()
    {
        OcppMessageCatalog.All.Count(t => t.Version == OcppVersion.V16).ShouldBe(20);
        OcppMessageCatalog.All.Count(t => t.Version == OcppVersion.V201).ShouldBe(23);
        foreach (var entry in OcppMessageCatalog.All)
        {
            OcppSchemas.Shared.IsKnownAction(entry.Version, entry.Action).ShouldBeTrue(entry.Action);
            entry.Request.Name.ShouldBe(entry.Action + "Request");
            entry.Response.Name.ShouldBe(entry.Action + "Response");
            entry.Request.Namespace.ShouldBe(entry.Version == OcppVersion.V16 ? "Roaming.Ingest.Ocpp.V16.Messages" : "Roaming.Ingest.Ocpp.V201.Messages");
        }
    }
}
