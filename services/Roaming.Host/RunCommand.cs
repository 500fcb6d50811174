using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using Roaming.Platform.Hosting;
using Serilog;
using Serilog.Formatting.Compact;

namespace Roaming.Host;

internal static class RunCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"Listen addresses (default {DefaultUrls}, or ROAMING_URLS)." };
        var services = new Option<string>("--services") { Description = "Comma-separated services to start (see list-services).", DefaultValueFactory = _ => ModuleRegistry.AllTarget };
        var demo = new Option<bool>("--demo") { Description = "Seed a demo location, tariff, charger and token at start." };
        var command = new Command("run", "Start the selected services in this process on one HTTP port.") { urls, services, demo };
        command.SetAction((parse, cancellation) => Run(
            parse.GetValue(urls), parse.GetValue(services)!, parse.GetValue(demo), parse.UnmatchedTokens.ToArray(), cancellation));
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    private static async Task<int> Run(string? urls, string services, bool demo, string[] extraArgs, CancellationToken cancellation)
    {
        Log.Logger = CreateLogger();
        try
        {
            var modules = ModuleCatalog.Create().Resolve(services);
            var builder = RoamingApplication.CreateBuilder(extraArgs, modules, options =>
            {
                if (demo && string.IsNullOrEmpty(options.AdminKey))
                    options.AdminKey = DemoSeed.DemoAdminKey;
            });
            builder.WebHost.UseUrls(urls ?? Environment.GetEnvironmentVariable("ROAMING_URLS") ?? builder.Configuration["urls"] ?? DefaultUrls);
            builder.Services.AddSerilog();

            var postgres = builder.Configuration.GetSection("Roaming").Get<RoamingOptions>()?.Postgres ?? RoamingOptions.DefaultPostgres;
            if (!await PostgresPreflight.EnsureDatabase(postgres, cancellation))
                return 2;

            var app = RoamingApplication.Build(builder, modules);
            if (demo)
                app.Lifetime.ApplicationStarted.Register(() => _ = DemoSeed.Run(app, cancellation));
            Log.Information("Starting services {Services}", modules.Select(m => m.Name));
            await app.RunAsync(cancellation);
            return 0;
        }
        catch (ArgumentException exception)
        {
            Log.Error("{Message}", exception.Message);
            return 1;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.Fatal(exception, "Roaming stopped on an unexpected error");
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    private static Serilog.ILogger CreateLogger()
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Marten", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("MassTransit", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Quartz", Serilog.Events.LogEventLevel.Warning)
            .Enrich.FromLogContext();
        return (Environment.GetEnvironmentVariable("ROAMING_LOG_FORMAT") == "json"
                ? configuration.WriteTo.Console(new RenderedCompactJsonFormatter())
                : configuration.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}"))
            .CreateLogger();
    }
}
