using System.Text.Json.Nodes;
using Shouldly;

namespace Roaming.Testing;

/// <summary>
/// Runs steps with the independent OCHP 1.4 peer (Python zeep, <c>tests/ochp-client/ochp_peer.py</c>, Debian's
/// <c>/usr/bin/python3</c>): each step names the login, the port, the operation and the request element as XML, which
/// zeep reads with its own WSDL-built types and writes again itself.
/// </summary>
public static class ZeepPeer
{
    public sealed record Step(string Name, string User, string Password, string Operation, string RequestXml, bool Live = false);

    /// <summary>The results by step name: <c>{"name", "response"}</c>, <c>{"name", "fault"}</c> or <c>{"name", "error"}</c>.</summary>
    public static async Task<JsonObject> Run(string wsdl, IReadOnlyList<Step> steps)
    {
        var scenario = new JsonObject
        {
            ["wsdl"] = wsdl,
            ["steps"] = new JsonArray(steps.Select(step => (JsonNode)new JsonObject
            {
                ["name"] = step.Name,
                ["user"] = step.User,
                ["password"] = step.Password,
                ["port"] = step.Live ? "live" : "service",
                ["operation"] = step.Operation,
                ["request"] = step.RequestXml,
            }).ToArray()),
        };
        var directory = Directory.CreateTempSubdirectory("ochp-zeep-");
        try
        {
            var scenarioFile = Path.Combine(directory.FullName, "scenario.json");
            var resultFile = Path.Combine(directory.FullName, "results.json");
            await File.WriteAllTextAsync(scenarioFile, scenario.ToJsonString());
            await using var peer = ChildProcess.Start("/usr/bin/python3",
                [Path.Combine(TestServers.RepositoryRoot, "tests", "ochp-client", "ochp_peer.py"), scenarioFile, resultFile]);
            (await peer.WaitForExit(TimeSpan.FromMinutes(3))).ShouldBe(0, peer.Output);
            var results = JsonNode.Parse(await File.ReadAllTextAsync(resultFile))!["steps"]!.AsArray();
            return new JsonObject(results.Select(r => KeyValuePair.Create(r!["name"]!.GetValue<string>(), (JsonNode?)r.DeepClone())));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Runs <paramref name="steps"/> once every login they use is known to the OCHP service (it learns them from Clearing's
    /// messages, so a login is "not-authorized" for a moment after the participant is registered). Each login is probed
    /// first with <paramref name="probeRequestXml"/> for <paramref name="probeOperation"/>, an operation that changes nothing.
    /// </summary>
    public static async Task<JsonObject> RunWhenAuthorized(string wsdl, IReadOnlyList<Step> steps, string probeOperation, string probeRequestXml)
    {
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var probe = await Run(wsdl, steps.Select(s => s with { Name = s.User, Operation = probeOperation, RequestXml = probeRequestXml, Live = false })
                .DistinctBy(s => s.User).ToList());
            if (probe.All(p => ResultCode(probe, p.Key) != "not-authorized"))
                return await Run(wsdl, steps);
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(probe.ToJsonString());
            await Task.Delay(500);
        }
    }

    /// <summary>The OCHP result code of a step's response (zeep hands a response with a single child back as that child).</summary>
    public static string ResultCode(JsonObject results, string step) =>
        (results[step]!["response"]!["result"] ?? results[step]!["response"])!["resultCode"]!["resultCode"]!.GetValue<string>();
}
