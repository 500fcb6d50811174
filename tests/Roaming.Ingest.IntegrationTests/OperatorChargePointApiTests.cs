using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Roaming.Ingest.Commands.Sending;
using Roaming.Platform.Marten;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>
/// The operator API of chargers on a real host and PostgreSQL, with driver.js (ocpp-rpc, strict) as the charger:
/// read-back of registrations with their connection status, and commands answered with the charger's own answer.
/// </summary>
public sealed class OperatorChargePointApiTests : IAsyncLifetime
{
    private IngestHost _host = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        // a mute charger's CALL times out after 6 s, past the 3 s the endpoint waits: it answers 202 and the outcome comes later
        _host = await IngestHost.Start("ingest_it_operator_api", new Dictionary<string, string>
        {
            ["Roaming:Ingest:CallTimeout"] = "00:00:06",
            ["Roaming:Ingest:CommandAnswerWait"] = "00:00:03",
        });
        _api = _host.Api();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<ChildProcess> Holding(string id, string protocol)
    {
        await _host.Register(id);
        var station = Driver.Start(_host, id, "--protocol", protocol, "--scenario", "boot", "--hold");
        await IngestHost.Eventually(() => Task.FromResult(station.Output.Contains("\"holding\"")), TimeSpan.FromSeconds(30), $"{id} holding:\n{station.Output}");
        return station;
    }

    private Task<HttpResponseMessage> Command(string id, string command, string body) =>
        _api.PostAsync($"/api/charge-points/{id}/commands/{command}", new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task<JsonObject> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task a_reset_reaches_a_16_charger_and_its_accepted_comes_back_in_the_response()
    {
        await using var station = await Holding("OPRST16", "ocpp1.6");

        var answer = await Json(await Command("OPRST16", "reset", """{"type":"Soft"}"""), HttpStatusCode.OK);

        answer["status"]!.GetValue<string>().ShouldBe("Accepted");
        answer["action"]!.GetValue<string>().ShouldBe("Reset");
        answer["result"]!["status"]!.GetValue<string>().ShouldBe("Accepted");
        var commandId = answer["command_id"]!.GetValue<string>();
        // the request is on record, attributed to the operator, and can be read back
        var recorded = await _host.Events(OperatorCommandRequested.StreamFor(Guid.Parse(commandId)));
        recorded.Single().Headers![EventContext.ActorHeader].ToString().ShouldBe("operator");
        var read = await Json(await _api.GetAsync($"/api/charge-points/OPRST16/commands/{commandId}"), HttpStatusCode.OK);
        read["status"]!.GetValue<string>().ShouldBe("Accepted");
        read["parameters"]!["type"]!.GetValue<string>().ShouldBe("Soft");
    }

    [Fact]
    public async Task change_configuration_on_a_16_charger_is_accepted_and_reads_back_changed()
    {
        await using var station = await Holding("OPCFG16", "ocpp1.6");

        var changed = await Json(await Command("OPCFG16", "change-configuration", """{"key":"HeartbeatInterval","value":"60"}"""), HttpStatusCode.OK);
        var read = await Json(await Command("OPCFG16", "get-configuration", """{"keys":["HeartbeatInterval"]}"""), HttpStatusCode.OK);

        changed["status"]!.GetValue<string>().ShouldBe("Accepted");
        changed["action"]!.GetValue<string>().ShouldBe("ChangeConfiguration");
        var key = read["result"]!["configurationKey"]!.AsArray().Single()!;
        key["key"]!.GetValue<string>().ShouldBe("HeartbeatInterval");
        key["value"]!.GetValue<string>().ShouldBe("60");
    }

    [Fact]
    public async Task get_variables_on_a_201_charger_answers_the_variables_values()
    {
        await using var station = await Holding("OPVAR201", "ocpp2.0.1");

        var answer = await Json(await Command("OPVAR201", "get-variables",
            """{"variables":[{"component":"OCPPCommCtrlr","variable":"HeartbeatInterval"}]}"""), HttpStatusCode.OK);

        answer["action"]!.GetValue<string>().ShouldBe("GetVariables");
        var result = answer["result"]!["getVariableResult"]!.AsArray().Single()!;
        result["attributeStatus"]!.GetValue<string>().ShouldBe("Accepted");
        result["attributeValue"]!.GetValue<string>().ShouldBe("300");
    }

    [Fact]
    public async Task set_variables_on_a_201_charger_answers_each_variables_status()
    {
        await using var station = await Holding("OPSET201", "ocpp2.0.1");

        var answer = await Json(await Command("OPSET201", "set-variables",
            """{"variables":[{"component":"OCPPCommCtrlr","variable":"HeartbeatInterval","value":"120"}]}"""), HttpStatusCode.OK);

        answer["status"]!.GetValue<string>().ShouldBe("Accepted");
        answer["result"]!["setVariableResult"]![0]!["attributeStatus"]!.GetValue<string>().ShouldBe("Accepted");
    }

    [Fact]
    public async Task an_unknown_charger_or_command_is_a_404_problem()
    {
        var unknownCharger = await Command("NOSUCHCP", "reset", "{}");
        var unknownCommand = await Command("NOSUCHCP", "self-destruct", "{}");
        var unknownRead = await _api.GetAsync("/api/charge-points/NOSUCHCP");

        foreach (var response in new[] { unknownCharger, unknownCommand, unknownRead })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
    }

    [Fact]
    public async Task a_charger_that_is_not_connected_is_a_409_problem_naming_the_command()
    {
        await _host.Register("OPOFF");

        var problem = await Json(await Command("OPOFF", "reset", "{}"), HttpStatusCode.Conflict);

        problem["command_status"]!.GetValue<string>().ShouldBe("NotConnected");
        problem["status"]!.GetValue<int>().ShouldBe(409);
        var read = await Json(await _api.GetAsync($"/api/charge-points/OPOFF/commands/{problem["command_id"]}"), HttpStatusCode.OK);
        read["status"]!.GetValue<string>().ShouldBe("NotConnected");
    }

    [Theory]
    [InlineData("reset", """{"type":"Gentle"}""", "type")]
    [InlineData("change-configuration", """{"key":"HeartbeatInterval"}""", "value")]
    [InlineData("change-configuration", """{"key":"HeartbeatInterval","value":60}""", "value")]
    [InlineData("get-variables", """{"variables":[{"component":"OCPPCommCtrlr"}]}""", "variables[0].variable")]
    [InlineData("unlock-connector", """{}""", "connector_id")]
    [InlineData("remote-start", """{"connector_id":0}""", "id_tag")]
    [InlineData("reset", """not json""", "$")]
    public async Task a_bad_body_is_a_400_naming_the_field_and_sends_nothing(string command, string body, string field)
    {
        await _host.Register("OPBAD");

        var problem = await Json(await Command("OPBAD", command, body), HttpStatusCode.BadRequest);

        problem["errors"]!.AsObject().ContainsKey(field).ShouldBeTrue(problem.ToJsonString());
    }

    [Fact]
    public async Task a_charger_that_does_not_answer_in_the_wait_gets_202_with_a_location_that_later_shows_the_timeout()
    {
        await _host.Register("OPMUTE");
        await using var mute = await TestCharger.Connect(_host.WebSocketUrl, "OPMUTE", IngestHost.Password);
        await IngestHost.Eventually(() => Task.FromResult(_host.Connections.Find("OPMUTE") is not null), TimeSpan.FromSeconds(5), "connected");

        var response = await Command("OPMUTE", "trigger-message", """{"requested_message":"Heartbeat"}""");
        var pending = await Json(response, HttpStatusCode.Accepted);

        pending["status"]!.GetValue<string>().ShouldBe("Pending");
        var location = response.Headers.Location!.ToString();
        location.ShouldBe($"/api/charge-points/OPMUTE/commands/{pending["command_id"]}");
        JsonObject? outcome = null;
        await IngestHost.Eventually(async () => (outcome = await _api.GetFromJsonAsync<JsonObject>(location))!["status"]!.GetValue<string>() != "Pending",
            TimeSpan.FromSeconds(20), "the command's outcome");
        outcome!["status"]!.GetValue<string>().ShouldBe("Timeout");
    }

    [Fact]
    public async Task chargers_list_in_pages_with_their_count_and_connection_and_never_a_password()
    {
        await using var station = await Holding("OPLIST2", "ocpp2.0.1");
        await _host.Register("OPLIST1");
        await _host.Register("OPLIST3");

        var first = await _api.GetAsync("/api/charge-points?limit=2");
        var second = await _api.GetAsync("/api/charge-points?offset=2&limit=2");
        var firstPage = JsonNode.Parse(await first.Content.ReadAsStringAsync())!.AsArray();
        var secondPage = JsonNode.Parse(await second.Content.ReadAsStringAsync())!.AsArray();

        first.Headers.GetValues("X-Total-Count").Single().ShouldBe("3");
        second.Headers.GetValues("X-Total-Count").Single().ShouldBe("3");
        firstPage.Select(c => c!["charge_point_id"]!.GetValue<string>()).ShouldBe(["OPLIST1", "OPLIST2"]);
        secondPage.Select(c => c!["charge_point_id"]!.GetValue<string>()).ShouldBe(["OPLIST3"]);
        var connected = firstPage[1]!["connection"]!;
        connected["connected"]!.GetValue<bool>().ShouldBeTrue();
        connected["source"]!.GetValue<string>().ShouldBe("live");
        connected["ocpp_version"]!.GetValue<string>().ShouldBe("ocpp2.0.1");
        connected["connected_at"].ShouldNotBeNull();
        connected["last_frame_at"].ShouldNotBeNull();
        firstPage[0]!["connection"]!["connected"]!.GetValue<bool>().ShouldBeFalse();
        firstPage[0]!["connectors"]![0]!["evse_uid"]!.GetValue<string>().ShouldBe("LOC1-E1");
        foreach (var raw in new[] { firstPage.ToJsonString(), secondPage.ToJsonString(), await _api.GetStringAsync("/api/charge-points/OPLIST2") })
        {
            raw.ShouldNotContain("password", Case.Insensitive);
            raw.ShouldNotContain(IngestHost.Password);
            raw.ShouldNotContain("hash", Case.Insensitive);
        }
    }

    [Fact]
    public async Task a_charger_read_shows_it_disconnected_once_its_connection_ended_and_the_end_is_recorded()
    {
        var station = await Holding("OPGONE", "ocpp1.6");
        (await _api.GetFromJsonAsync<JsonObject>("/api/charge-points/OPGONE"))!["connection"]!["connected"]!.GetValue<bool>().ShouldBeTrue();

        await station.DisposeAsync();

        JsonObject? read = null;
        await IngestHost.Eventually(async () => !(read = await _api.GetFromJsonAsync<JsonObject>("/api/charge-points/OPGONE"))!["connection"]!["connected"]!.GetValue<bool>(),
            TimeSpan.FromSeconds(20), "OPGONE disconnected");
        await IngestHost.Eventually(async () => (await _host.Facts(Connections.ConnectionStreams.For("OPGONE"))).OfType<Connections.ChargePointDisconnected>().Any(),
            TimeSpan.FromSeconds(20), "the end of OPGONE's connection recorded");
        read = await _api.GetFromJsonAsync<JsonObject>("/api/charge-points/OPGONE");
        read!["connection"]!["disconnected_at"].ShouldNotBeNull();
        read["connection"]!["ocpp_version"]!.GetValue<string>().ShouldBe("ocpp1.6");
    }
}
