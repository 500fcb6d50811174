using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Roaming.Clearing;
using Roaming.Ochp.Participants;
using Roaming.Platform.Hosting;
using Roaming.Protocols.Ochp;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ochp.Tests.Soap;

/// <summary>
/// The clearing and OCHP services in one host on a free loopback port with a database of their own: participants and
/// connections are made through the clearing operator API, OCHP is spoken over real HTTP with raw SOAP envelopes.
/// </summary>
public sealed class OchpHost : IAsyncDisposable
{
    public const string AdminKey = "ochp-test-admin";
    public const long MaxRequestBodySize = 300_000;

    private readonly WebApplication _app;

    private OchpHost(WebApplication app, string url, string connection, RecordedLogs logs)
    {
        _app = app;
        Url = url;
        Connection = connection;
        Logs = logs;
        Api = new HttpClient { BaseAddress = new Uri(url) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        Soap = new HttpClient { BaseAddress = new Uri(url) };
    }

    public string Url { get; }
    public string Connection { get; }
    public HttpClient Api { get; }
    public HttpClient Soap { get; }
    public RecordedLogs Logs { get; }
    public IOchpStore Store => _app.Services.GetRequiredService<IOchpStore>();
    public IServiceProvider Services => _app.Services;

    /// <summary>A request to the clearing workflow (or another in-process consumer), as another service sends it.</summary>
    public async Task<TResponse> Request<TRequest, TResponse>(TRequest request) where TRequest : class where TResponse : class
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredService<MassTransit.Mediator.IMediator>().CreateRequestClient<TRequest>();
        return (await client.GetResponse<TResponse>(request)).Message;
    }

    /// <summary>An integration message as another service's outbox publishes it (the OCPI hub's, here).</summary>
    public Task Publish(object message) =>
        _app.Services.GetRequiredService<Roaming.Platform.Messaging.IIntegrationBus>().Publish(message, Guid.NewGuid(), null, CancellationToken.None);

    /// <param name="port">A port chosen beforehand (a client already configured for it), else a free one.</param>
    public static async Task<OchpHost> Start(string database, TimeSpan? defaultStatusTtl = null, int? port = null)
    {
        var connection = await TestServers.FreshDatabase(database);
        var url = $"http://127.0.0.1:{port ?? TestServers.FreeTcpPort()}";
        IReadOnlyList<IRoamingModule> modules = [new ClearingModule(), new OchpModule()];
        var builder = RoamingApplication.CreateBuilder([], modules, options =>
        {
            options.Postgres = connection;
            options.AdminKey = AdminKey;
        });
        builder.Configuration["Roaming:Ochp:MaxRequestBodySize"] = MaxRequestBodySize.ToString();
        if (defaultStatusTtl is { } ttl)
            builder.Configuration["Roaming:Ochp:DefaultStatusTtl"] = ttl.ToString();
        var logs = new RecordedLogs();
        builder.Logging.AddProvider(logs);
        builder.WebHost.UseUrls(url);
        var app = RoamingApplication.Build(builder, modules);
        await app.StartAsync();
        return new OchpHost(app, url, connection, logs);
    }

    /// <summary>A participant through the clearing operator API, once the OCHP service's replica has it.</summary>
    public async Task Participant(string id, string[] operatorIds, string[] providerIds, string username, string password)
    {
        var response = await Api.PutAsJsonAsync($"/api/clearing/participants/{id}", new
        {
            name = id, operator_ids = operatorIds, provider_ids = providerIds, ochp = new { username, password },
        });
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        await Eventually(async session => (await session.LoadAsync<OchpParticipant>(id))?.Username == username);
    }

    public async Task Connect(string operatorId, string providerId)
    {
        var response = await Api.PutAsJsonAsync($"/api/clearing/connections/{operatorId}/{providerId}", new { });
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        await Eventually(async session => (await session.LoadAsync<OchpConnection>(OchpConnection.IdOf(operatorId, providerId)))?.Active == true);
    }

    public async Task Disconnect(string operatorId, string providerId)
    {
        var response = await Api.DeleteAsync($"/api/clearing/connections/{operatorId}/{providerId}");
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        await Eventually(async session => (await session.LoadAsync<OchpConnection>(OchpConnection.IdOf(operatorId, providerId)))?.Active == false);
    }

    public async Task Eventually(Func<IQuerySession, Task<bool>> condition)
    {
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            await using (var session = Store.QuerySession())
            {
                if (await condition(session))
                    return;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the OCHP replica did not get there within 30 s");
            await Task.Delay(50);
        }
    }

    /// <summary>The message <paramref name="request"/> (a wire type) sent with the given login to the port of its operation.</summary>
    public Task<OchpReply> Call<TRequest>(TRequest request, string username, string password) where TRequest : notnull =>
        Send(OchpOperations.For<TRequest>(), OchpXml.ToElement(request), new UsernameToken(username, password));

    public Task<OchpReply> Send(OchpOperation operation, XElement body, UsernameToken credentials) =>
        Post(operation.Port == OchpPort.Live ? "/live/ochp/v1.4" : "/service/ochp/v1.4", SoapEnvelope.Request(body, credentials), operation.SoapAction);

    public async Task<OchpReply> Post(string path, byte[] envelope, string? soapAction = null)
    {
        using var content = new ByteArrayContent(envelope);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        if (soapAction is not null)
            content.Headers.Add("SOAPAction", $"\"{soapAction}\"");
        using var response = await Soap.PostAsync(path, content);
        return new OchpReply(response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    public Task<OchpReply> Post(string path, string envelope) => Post(path, Encoding.UTF8.GetBytes(envelope));

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Soap.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await TestServers.DropDatabase(Connection);
    }
}

/// <summary>An HTTP answer of the OCHP endpoint: a response body element, or a SOAP fault.</summary>
public sealed class OchpReply(HttpStatusCode status, byte[] envelope)
{
    private static readonly XNamespace Ochp = OchpNamespaces.Ochp;

    public HttpStatusCode Status { get; } = status;
    public string Envelope { get; } = Encoding.UTF8.GetString(envelope);

    public XElement Body
    {
        get
        {
            Status.ShouldBe(HttpStatusCode.OK, Envelope);
            return SoapEnvelope.ReadResponse(new MemoryStream(envelope), 50_000_000);
        }
    }

    public SoapFaultException Fault
    {
        get
        {
            Status.ShouldBe(HttpStatusCode.InternalServerError, Envelope);
            return Should.Throw<SoapFaultException>(() => SoapEnvelope.ReadResponse(new MemoryStream(envelope), 50_000_000));
        }
    }

    public string ResultCode => Body.Element(Ochp + "result")!.Element(Ochp + "resultCode")!.Element(Ochp + "resultCode")!.Value;

    public string ResultDescription => Body.Element(Ochp + "result")!.Element(Ochp + "resultDescription")!.Value;

    public IReadOnlyList<XElement> Items(string localName) => Body.Elements(Ochp + localName).ToList();

    public T As<T>() => OchpXml.FromElement<T>(Body);

    /// <summary>The response is valid against the OCHP XSDs.</summary>
    public OchpReply ShouldBeSchemaValid()
    {
        OchpSchema.Validate(Body).ShouldBeEmpty(Envelope);
        return this;
    }
}

/// <summary>Every log entry of the host, to assert that a refusal was logged.</summary>
public sealed class RecordedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => _entries.ToList();

    public bool Contains(LogLevel atLeast, string text) => _entries.Any(e => e.Level >= atLeast && e.Message.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose() { }

    private sealed class Recorder(RecordedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                logs._entries.Enqueue((logLevel, category, formatter(state, exception)));
        }
    }
}
