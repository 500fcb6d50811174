using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;
using Roaming.Platform.Defaults;
using Roaming.Platform.Http;
using Roaming.Platform.Json;
using Roaming.Platform.Messaging;
using Roaming.Platform.Messaging.Parking;
using Roaming.Platform.Scheduling;
using Roaming.Platform.Security;

namespace Roaming.Platform.Hosting;

/// <summary>Builds the one web application that hosts the selected modules (Loki-style single binary).</summary>
public static class RoamingApplication
{
    public const string OperatorApiPrefix = "/api";

    public static WebApplicationBuilder CreateBuilder(string[] args, IReadOnlyList<IRoamingModule> modules, Action<RoamingOptions>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddEnvironmentVariables();
        MapEnvironment(builder.Configuration);

        var roaming = builder.Configuration.GetSection("Roaming").Get<RoamingOptions>() ?? new RoamingOptions();
        overrides?.Invoke(roaming);
        builder.Configuration["Roaming:RunDaemon"] = roaming.RunDaemon.ToString();
        roaming.Validate();
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(roaming));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = roaming.MaxRequestBodySize);

        builder.Services.AddSingleton<IClock>(NodaTime.SystemClock.Instance);
        builder.Services.AddProblemDetails();
        builder.Services.Configure<JsonOptions>(json => RoamingJson.Configure(json.SerializerOptions));
        builder.Services.AddAuthentication(OperatorAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, OperatorAuthenticationHandler>(OperatorAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(OperatorAuthenticationHandler.Policy, policy => policy
                .AddAuthenticationSchemes(OperatorAuthenticationHandler.SchemeName)
                .RequireRole(OperatorAuthenticationHandler.Policy));
        builder.Services.AddOperatorApiReference();
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton<ModuleStartupGate>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ModuleStartupGate>());
        builder.Services.AddHealthChecks().AddCheck<ModuleStartupGate>("started", tags: ["ready"]);
        builder.Services.AddSingleton(new StartedModules(modules.Select(m => m.Name).ToArray()));
        builder.Services.AddRoamingTelemetry(builder.Configuration, "roaming");

        // The bus before the modules: hosted services start in registration order, and with RabbitMQ the bus must have
        // declared and bound every consumer's queue before a module's outbox publishes (a message published to an
        // exchange with no bound queue yet is dropped by the broker, which a fresh virtual host showed at startup).
        builder.Services.AddRoamingBus(modules, roaming);
        foreach (var module in modules)
            module.AddServices(builder);
        // After the modules: exception handlers run in registration order, so a module's own (OCPI's envelope) goes first.
        builder.Services.AddExceptionHandler<RefusedRequests>();
        builder.Services.AddRoamingScheduling();
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder, IReadOnlyList<IRoamingModule> modules)
    {
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteHealth,
        });
        foreach (var module in modules)
            module.MapEndpoints(app);
        app.MapParkedMessages();
        app.MapOperatorApiReference();
        return app;
    }

    /// <summary>The operator API group, authenticated with the admin key and described at <see cref="OperatorApiReference.DocumentPath"/>.</summary>
    public static Microsoft.AspNetCore.Routing.RouteGroupBuilder MapOperatorApi(this Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(OperatorApiPrefix).RequireAuthorization(OperatorAuthenticationHandler.Policy);
        ((IEndpointConventionBuilder)group).Add(OperatorApiReference.TagByResource);
        return group;
    }

    /// <summary><c>ROAMING_POSTGRES</c> and friends are the documented names; they land in the <c>Roaming</c> section.</summary>
    private static void MapEnvironment(ConfigurationManager configuration)
    {
        (string Env, string Key)[] names =
        [
            ("ROAMING_POSTGRES", "Roaming:Postgres"), ("ROAMING_TRANSPORT", "Roaming:Transport"),
            ("ROAMING_RABBITMQ", "Roaming:RabbitMq"), ("ROAMING_ADMIN_KEY", "Roaming:AdminKey"),
            ("ROAMING_PARTY", "Roaming:Party"), ("ROAMING_SCHEMA_PREFIX", "Roaming:SchemaPrefix"),
            ("ROAMING_URLS", "urls"),
        ];
        foreach (var (env, key) in names)
        {
            var value = Environment.GetEnvironmentVariable(env);
            if (!string.IsNullOrEmpty(value) && string.IsNullOrEmpty(configuration[key]))
                configuration[key] = value;
        }
    }

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var started = context.RequestServices.GetRequiredService<StartedModules>();
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            services = started.Names,
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}

public sealed record StartedModules(IReadOnlyList<string> Names);
