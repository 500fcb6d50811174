using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Contracts.Network.V1;
using Roaming.Ochp.Tests.Soap;
using Roaming.Platform.Hosting;
using Roaming.Platform.Messaging;
using Roaming.Platform.Sealing.Shredding;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Locations;
using Roaming.Testing;
using Roaming.Tokens;
using Shouldly;

using Roaming.Protocols.Bridge.Tests;

namespace Roaming.Ochp.Tests.Client.Cpo;

/// <summary>
/// Our Roaming as CPO "DE*ABC" (login cpo-a of <see cref="Parties"/>): the Tokens and OCHP modules on their own port and
/// database, the OCHP client pointed at a clearing house, every job every second. Charging's and Network's messages are
/// handed to its bus, as their outboxes would.
/// </summary>
public sealed class OurCpoHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _database;

    private OurCpoHost(WebApplication app, string url, string database, FailureLogs logs)
    {
        _app = app;
        _database = database;
        Logs = logs;
        Api = new HttpClient { BaseAddress = new Uri(url) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OchpHost.AdminKey);
    }

    public HttpClient Api { get; }
    public IServiceProvider Services => _app.Services;
    public FailureLogs Logs { get; }

    public static async Task<OurCpoHost> Start(string database, string clearingHouseUrl)
    {
        var connection = await TestServers.FreshDatabase(database);
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        IReadOnlyList<IRoamingModule> modules = [new TokensModule(), new OchpModule()];
        // As command-line settings: the modules read them while the builder is created.
        var client = "--Roaming:Ochp:Client:";
        string[] settings =
        [
            $"{client}Endpoint={clearingHouseUrl}/service/ochp/v1.4", $"{client}Cpo:Username=cpo-a", $"{client}Cpo:Password={Parties.Password}",
            $"{client}Cpo:OperatorId={CpoSamples.OurOperator}", $"{client}LocationNameLanguage=DEU", $"{client}RequestTimeout={Patience.For(TimeSpan.FromSeconds(5)):c}",
            .. new[] { "CdrUploadInterval", "ChargePointUploadInterval", "StatusUploadInterval", "AuthorisationListInterval", "RetryFirstDelay", "RetryMaxDelay" }
                .Select(interval => $"{client}{interval}=00:00:01"),
        ];
        var builder = RoamingApplication.CreateBuilder(settings, modules, options =>
        {
            options.Postgres = connection;
            options.AdminKey = OchpHost.AdminKey;
        });
        var logs = new FailureLogs();
        builder.Logging.AddProvider(logs);
        builder.WebHost.UseUrls(url);
        var app = RoamingApplication.Build(builder, modules);
        await app.StartAsync();
        return new OurCpoHost(app, url, connection, logs);
    }

    public Task Publish(object message) =>
        _app.Services.GetRequiredService<IIntegrationBus>().Publish(message, Guid.NewGuid(), null, CancellationToken.None);

    public static LocationChanged LocationChanged(Location location) => new(location.CountryCode!, location.PartyId!, location.Id!, location.Name,
        location.Address!, location.City!, location.PostalCode, null, location.Country!, location.Coordinates!.Latitude!, location.Coordinates.Longitude!,
        location.TimeZone!, [], location.LastUpdated!.Value, OcpiJson.Serialize(location));

    /// <summary>As Charging publishes it: the contract id encrypted under the holder's key.</summary>
    public async Task<CdrIssued> CdrIssued(Protocols.Ocpi.Cdrs.Cdr cdr)
    {
        var vault = _app.Services.GetRequiredService<SubjectKeyVault>();
        var contract = cdr.CdrToken!.ContractId!;
        var sealedContract = await vault.Protect(HolderSubject.OfContract(cdr.CdrToken.CountryCode!, cdr.CdrToken.PartyId!, contract), contract, CancellationToken.None);
        var json = OcpiJson.Serialize(cdr with { CdrToken = cdr.CdrToken with { ContractId = sealedContract } });
        json.ShouldNotContain(contract);
        return new CdrIssued(cdr.Id!, cdr.SessionId!, "DE", "ABC", "EUR", cdr.TotalEnergy!.Value, cdr.TotalCost!.ExclVat, cdr.TotalCost.InclVat,
            cdr.StartDateTime!.Value, cdr.EndDateTime!.Value, json);
    }

    public async Task<JsonElement[]> Cdrs(string state) => (await Api.GetFromJsonAsync<JsonElement[]>($"/api/ochp/client/cdrs?state={state}"))!;

    /// <summary>Polls until the probe finds something; a timeout fails with our host's warnings and the client's log.</summary>
    public async Task<T> Until<T>(Func<Task<T?>> probe)
    {
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await probe() is { } found && (found is not JsonElement element || element.ValueKind != JsonValueKind.Undefined))
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the clearing house exchange did not get there in time. Our warnings and errors:\n"
                    + string.Join("\n", Logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.Level} {e.Category}: {e.Message}").TakeLast(30))
                    + "\nOur last OCHP calls:\n"
                    + string.Join("\n", Logs.Entries.Where(e => e.Category.EndsWith("ClearingHouseClient", StringComparison.Ordinal))
                        .Select(e => e.Message).TakeLast(15)));
            await Task.Delay(200);
        }
    }

    public static Instant Now() => SystemClock.Instance.GetCurrentInstant();

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await TestServers.DropDatabase(_database);
    }
}

/// <summary>Our host's log with the exceptions, to explain a timeout.</summary>
public sealed class FailureLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => _entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose() { }

    private sealed class Recorder(FailureLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                logs._entries.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? "" : " " + exception)));
        }
    }
}
