using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Roaming.Platform.Defaults;

public static class Telemetry
{
    /// <summary>Activity sources and meters of Roaming's own code start with this prefix.</summary>
    public const string Prefix = "Roaming";

    /// <summary>
    /// Traces and metrics for ASP.NET Core, HttpClient, Npgsql, MassTransit and Roaming's own meters. Exported over OTLP
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; otherwise collected in-process only.
    /// </summary>
    public static void AddRoamingTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var exportOtlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddSource("MassTransit")
                    .AddSource($"{Prefix}.*");
                if (exportOtlp)
                    tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("MassTransit")
                    .AddMeter($"{Prefix}.*");
                if (exportOtlp)
                    metrics.AddOtlpExporter();
            });
    }
}
