using static Roaming.Benchmarks.BenchmarkArguments;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Roaming.Ocpi.Transport;

namespace Roaming.Benchmarks.Ocpi;

/// <summary>
/// <c>hub-forward [--platforms 100] [--rate 1000 | --rate 250,500,1000] [--repeat 1] [--seconds 30]</c>: the hub (only the
/// OCPI module) on loopback in a process of its own (this program started again as <see cref="HubForwardingHub.Verb"/>),
/// and in this process <c>--platforms</c> participant platforms (half CPOs, half e-MSPs, every CPO connected with every
/// e-MSP), each a plain HTTP OCPI platform that registered through the credentials handshake with a token A from the
/// operator API, plus the load driver. An open-loop load of <c>--rate</c> location GETs per second from a random e-MSP to a
/// random CPO runs for <c>--seconds</c>: first straight to the CPO's platform, then through the hub (routing headers,
/// forwarded with the CPO's token). Latency is measured from each request's scheduled start (a slow answer delays no later
/// request's clock), so the percentiles include queueing. Prints both distributions, the hub's added latency per
/// percentile, and the CPU the hub process, this process (driver and platforms) and PostgreSQL used, in cores.
/// </summary>
public static class HubForwardingBenchmark
{
    public const string Verb = "hub-forward";

    public static async Task<int> Run(string[] args)
    {
        var platforms = IntOption(args, "--platforms", 100);
        var rates = StringOption(args, "--rate", "1000").Split(',').Select(r => int.Parse(r, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var repeat = IntOption(args, "--repeat", 1);
        var seconds = IntOption(args, "--seconds", 30);
        var server = PostgresServer;

        await using var hub = await HubProcess.Start(platforms);
        Console.WriteLine($"hub process {hub.Id} listening at {hub.Url}");
        var parties = Enumerable.Range(0, platforms).Select(FakePlatform.Of).ToList();
        await using var fakes = await FakePlatforms.Start(parties);
        using var client = NewClient();
        using var operatorApi = NewClient();
        operatorApi.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", HubForwardingHub.AdminKey);
        var joining = Stopwatch.StartNew();
        foreach (var party in parties)
            await party.Register(client, operatorApi, hub.Url, fakes.Url);
        Console.WriteLine($"{platforms} platforms registered with the hub in {joining.Elapsed.TotalSeconds:F1} s");

        var cpos = parties.Where(p => p.Role == "CPO").ToList();
        var emsps = parties.Where(p => p.Role == "EMSP").ToList();
        // Warm both paths (JIT, connection pools, the hub's directory) before measuring.
        await Drive(client, rates.Max(), 3, cpos, emsps, hub.Url, fakes.Url, viaHub: false);
        await Drive(client, rates.Max(), 3, cpos, emsps, hub.Url, fakes.Url, viaHub: true);

        var failed = false;
        foreach (var rate in rates)
        {
            for (var run = 1; run <= repeat; run++)
            {
                var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                var directCpu = await CpuUse.Start(hub.Id, server);
                var direct = await Drive(client, rate, seconds, cpos, emsps, hub.Url, fakes.Url, viaHub: false);
                var directUsed = await directCpu.Stop();
                var viaHubCpu = await CpuUse.Start(hub.Id, server);
                var viaHub = await Drive(client, rate, seconds, cpos, emsps, hub.Url, fakes.Url, viaHub: true);
                var viaHubUsed = await viaHubCpu.Stop();
                Console.WriteLine();
                Console.WriteLine($"== {rate} req/s offered for {seconds} s each, run {run} of {repeat}; {platforms} platforms; load average before {load}");
                Print("direct", direct);
                Console.WriteLine($"  cpu during direct: {directUsed}");
                Print("via hub", viaHub);
                Console.WriteLine($"  cpu during via hub: {viaHubUsed}");
                Console.WriteLine("hub added latency " + string.Join(", ", new[] { 0.5, 0.9, 0.99 }.Select(p =>
                    $"p{p * 100:0} {Percentile(viaHub.Latencies, p) - Percentile(direct.Latencies, p):F2} ms")));
                failed |= viaHub.Failures > 0 || direct.Failures > 0;
            }
        }
        return failed ? 1 : 0;
    }

    private sealed record Measured(List<double> Latencies, int Failures, double AchievedRate, string? FirstFailure);

    private static void Print(string name, Measured measured) =>
        Console.WriteLine($"{name}: {measured.Latencies.Count:N0} answered at {measured.AchievedRate:N0}/s, {measured.Failures} failed{(measured.FirstFailure is { } f ? $" (first: {f})" : "")}; " +
                          $"p50 {Percentile(measured.Latencies, 0.5):F2} ms, p90 {Percentile(measured.Latencies, 0.9):F2} ms, p99 {Percentile(measured.Latencies, 0.99):F2} ms, max {measured.Latencies.DefaultIfEmpty(0).Max():F2} ms");

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static async Task<Measured> Drive(HttpClient client, int rate, int seconds, List<FakePlatform> cpos, List<FakePlatform> emsps,
        string hubUrl, string fakesUrl, bool viaHub)
    {
        var total = rate * seconds;
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        var random = new Random(42);
        var inFlight = new List<Task>(total);
        for (var n = 0; n < total; n++)
        {
            var scheduled = TimeSpan.FromSeconds((double)n / rate);
            var wait = scheduled - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            var from = emsps[random.Next(emsps.Count)];
            var to = cpos[random.Next(cpos.Count)];
            inFlight.Add(Task.Run(async () =>
            {
                using var request = viaHub
                    ? from.ToHub(hubUrl, to, $"sender/locations/{to.CountryCode}/{to.PartyId}/LOC1")
                    : to.Direct(fakesUrl, "sender/locations/" + $"{to.CountryCode}/{to.PartyId}/LOC1", from);
                try
                {
                    using var response = await client.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    var elapsed = (clock.Elapsed - scheduled).TotalMilliseconds;
                    if (response.StatusCode == HttpStatusCode.OK && body.Contains("\"status_code\":1000", StringComparison.Ordinal))
                        latencies.Add(elapsed);
                    else if (Interlocked.Increment(ref failures) == 1)
                        firstFailure = $"{(int)response.StatusCode} {body}";
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    if (Interlocked.Increment(ref failures) == 1)
                        firstFailure = exception.Message;
                }
            }));
        }
        await Task.WhenAll(inFlight);
        var sorted = latencies.OrderBy(l => l).ToList();
        return new Measured(sorted, failures, sorted.Count / clock.Elapsed.TotalSeconds, firstFailure);
    }

    private static HttpClient NewClient() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 512,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>One participant platform: party <c>B{n}</c> of country NL, its tokens, and the hub's token once registered.</summary>
    internal sealed class FakePlatform(int index, string role)
    {
        /// <summary>Platform <paramref name="index"/>: even ones are CPOs, odd ones e-MSPs (the hub process seeds the same parties).</summary>
        public static FakePlatform Of(int index) => new(index, index % 2 == 0 ? "CPO" : "EMSP");

        public int Index { get; } = index;
        public string Role { get; } = role;
        public string CountryCode => "NL";
        public string PartyId { get; } = $"B{index:00}";
        public string Party => $"{CountryCode}*{PartyId}";
        public string ParticipantId => $"bench-{Index}";
        public string TokenB { get; } = $"bench-token-b-{index}";
        public string? HubToken { get; private set; }

        public async Task Register(HttpClient client, HttpClient operatorApi, string hubUrl, string fakesUrl)
        {
            var issued = await operatorApi.PostAsync($"{hubUrl}/api/clearing/participants/{ParticipantId}/ocpi", null);
            var issuedBody = JsonNode.Parse(await issued.Content.ReadAsStringAsync())!;
            if (!issued.IsSuccessStatusCode)
                throw new InvalidOperationException($"token A for {ParticipantId}: {(int)issued.StatusCode} {issuedBody.ToJsonString()}");
            var tokenA = issuedBody["token_a"]!.GetValue<string>();
            var versions = await Get(client, issuedBody["versions_url"]!.GetValue<string>(), tokenA);
            var details = await Get(client, versions["data"]![0]!["url"]!.GetValue<string>(), tokenA);
            var credentialsUrl = details["data"]!["endpoints"]!.AsArray()
                .First(e => e!["identifier"]!.GetValue<string>() == "credentials")!["url"]!.GetValue<string>();
            using var post = new HttpRequestMessage(HttpMethod.Post, credentialsUrl)
            {
                Content = JsonContent.Create(new JsonObject
                {
                    ["token"] = TokenB,
                    ["url"] = $"{fakesUrl}/p{Index}/ocpi/versions",
                    ["roles"] = new JsonArray(new JsonObject
                    {
                        ["role"] = Role, ["country_code"] = CountryCode, ["party_id"] = PartyId,
                        ["business_details"] = new JsonObject { ["name"] = $"Bench {Party}" },
                    }),
                }),
            };
            post.Headers.TryAddWithoutValidation("Authorization", AuthorizationToken.Header(tokenA, true));
            using var answer = await client.SendAsync(post);
            var registered = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
            if (registered["status_code"]?.GetValue<int>() != 1000)
                throw new InvalidOperationException($"credentials of {Party}: {registered.ToJsonString()}");
            HubToken = registered["data"]!["token"]!.GetValue<string>();
        }

        public HttpRequestMessage ToHub(string hubUrl, FakePlatform to, string path)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{hubUrl}/ocpi/hub/2.2.1/{path}");
            request.Headers.TryAddWithoutValidation("Authorization", AuthorizationToken.Header(HubToken!, true));
            Route(request, this, to);
            return request;
        }

        public HttpRequestMessage Direct(string fakesUrl, string path, FakePlatform from)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{fakesUrl}/p{Index}/ocpi/2.2.1/{path}");
            request.Headers.TryAddWithoutValidation("Authorization", AuthorizationToken.Header(TokenB, true));
            Route(request, from, this);
            return request;
        }

        private static void Route(HttpRequestMessage request, FakePlatform from, FakePlatform to)
        {
            request.Headers.TryAddWithoutValidation("X-Request-ID", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation("X-Correlation-ID", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation("OCPI-from-country-code", from.CountryCode);
            request.Headers.TryAddWithoutValidation("OCPI-from-party-id", from.PartyId);
            request.Headers.TryAddWithoutValidation("OCPI-to-country-code", to.CountryCode);
            request.Headers.TryAddWithoutValidation("OCPI-to-party-id", to.PartyId);
        }

        private static async Task<JsonNode> Get(HttpClient client, string url, string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Authorization", AuthorizationToken.Header(token, true));
            using var response = await client.SendAsync(request);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }
    }

    /// <summary>Every fake platform in one Kestrel server, each under <c>/p{n}</c>: versions, details, and a location sender.</summary>
    private sealed class FakePlatforms : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakePlatforms(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public static async Task<FakePlatforms> Start(List<FakePlatform> parties)
        {
            var url = $"http://127.0.0.1:{FreeTcpPort()}";
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(url);
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var byIndex = parties.ToDictionary(p => p.Index);
            bool Authorized(HttpContext http, int index) =>
                byIndex.TryGetValue(index, out var party) && http.Request.Headers.Authorization.ToString() == AuthorizationToken.Header(party.TokenB, true);
            app.MapGet("/p{index:int}/ocpi/versions", (int index, HttpContext http) => Authorized(http, index)
                ? Envelope(new JsonArray(new JsonObject { ["version"] = "2.2.1", ["url"] = $"{url}/p{index}/ocpi/2.2.1" }))
                : Results.StatusCode(401));
            app.MapGet("/p{index:int}/ocpi/2.2.1", (int index, HttpContext http) => Authorized(http, index)
                ? Envelope(new JsonObject
                {
                    ["version"] = "2.2.1",
                    ["endpoints"] = new JsonArray(
                        new JsonObject { ["identifier"] = "credentials", ["role"] = "RECEIVER", ["url"] = $"{url}/p{index}/ocpi/2.2.1/credentials" },
                        new JsonObject { ["identifier"] = "locations", ["role"] = byIndex[index].Role == "CPO" ? "SENDER" : "RECEIVER",
                            ["url"] = $"{url}/p{index}/ocpi/2.2.1/{(byIndex[index].Role == "CPO" ? "sender" : "receiver")}/locations" }),
                })
                : Results.StatusCode(401));
            app.MapGet("/p{index:int}/ocpi/2.2.1/sender/locations/{cc}/{pid}/{id}", (int index, string cc, string pid, string id, HttpContext http) =>
            {
                if (!Authorized(http, index))
                    return Results.StatusCode(401);
                http.Response.Headers["OCPI-from-country-code"] = cc;
                http.Response.Headers["OCPI-from-party-id"] = pid;
                return Envelope(Location(cc, pid, id));
            });
            await app.StartAsync();
            return new FakePlatforms(app, url);
        }

        private static JsonObject Location(string cc, string pid, string id) => new()
        {
            ["country_code"] = cc, ["party_id"] = pid, ["id"] = id, ["publish"] = true, ["address"] = "Stationsplein 1", ["city"] = "Utrecht",
            ["country"] = "NLD", ["coordinates"] = new JsonObject { ["latitude"] = "52.089", ["longitude"] = "5.110" }, ["time_zone"] = "Europe/Amsterdam",
            ["evses"] = new JsonArray(new JsonObject
            {
                ["uid"] = "EVSE1", ["status"] = "AVAILABLE", ["last_updated"] = "2026-12-01T10:00:00Z",
                ["connectors"] = new JsonArray(new JsonObject
                {
                    ["id"] = "1", ["standard"] = "IEC_62196_T2", ["format"] = "SOCKET", ["power_type"] = "AC_3_PHASE", ["max_voltage"] = 230,
                    ["max_amperage"] = 16, ["last_updated"] = "2026-12-01T10:00:00Z",
                }),
            }),
            ["last_updated"] = "2026-12-01T10:00:00Z",
        };

        private static IResult Envelope(JsonNode data) => Results.Text(new JsonObject
        {
            ["data"] = data, ["status_code"] = 1000, ["timestamp"] = "2026-12-07T12:00:00Z",
        }.ToJsonString(), "application/json", Encoding.UTF8);

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
