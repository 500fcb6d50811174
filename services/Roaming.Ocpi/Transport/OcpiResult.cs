using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Transport;

/// <summary>
/// Writes an answer in the OCPI envelope (<c>data</c> when there is any, <c>status_code</c>, <c>status_message</c>, <c>timestamp</c>). OCPI-level errors of an authenticated, well-formed request go out as
/// HTTP 200 with a 2xxx/3xxx code; only bad JSON (400), a bad token (401), a refused party (404) and unknown
/// objects or tokens (404) use HTTP error statuses (reference/ocpi.md 2.3).
/// </summary>
public sealed class OcpiResult(HttpStatusCode httpStatus, int statusCode, string? message, object? data) : IResult
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    public HttpStatusCode HttpStatus => httpStatus;
    public int StatusCode => statusCode;
    public string? Message => message;
    public object? Data => data;

    public static OcpiResult Ok(object? data = null) => new(HttpStatusCode.OK, OcpiStatus.Success, null, data);

    public static OcpiResult Created(object? data = null) => new(HttpStatusCode.Created, OcpiStatus.Success, null, data);

    /// <summary>An OCPI-level error: the request reached the OCPI layer, so HTTP 200.</summary>
    public static OcpiResult Error(int statusCode, string message) => new(HttpStatusCode.OK, statusCode, message, null);

    public static OcpiResult InvalidParameters(string message) => Error(OcpiStatus.InvalidOrMissingParameters, message);

    public static OcpiResult BadJson(string message) => new(HttpStatusCode.BadRequest, OcpiStatus.InvalidOrMissingParameters, message, null);

    public static OcpiResult Unauthorized(string message) => new(HttpStatusCode.Unauthorized, OcpiStatus.ClientError, message, null);

    public static OcpiResult NotFound(string message, int statusCode = OcpiStatus.ClientError) => new(HttpStatusCode.NotFound, statusCode, message, null);

    public static OcpiResult MethodNotAllowed(string message) => new(HttpStatusCode.MethodNotAllowed, OcpiStatus.ClientError, message, null);

    public OcpiResult WithHeader(string name, string value)
    {
        _headers[name] = value;
        return this;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var now = httpContext.RequestServices.GetRequiredService<IClock>().GetCurrentInstant();
        var response = httpContext.Response;
        response.StatusCode = (int)httpStatus;
        response.ContentType = "application/json";
        foreach (var (name, value) in _headers)
            response.Headers[name] = value;
        // Built in memory first: the serializer flushes synchronously, which Kestrel does not allow on the response body.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, now);
        await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
    }

    /// <summary>The envelope as JSON text (tests and snapshots).</summary>
    public string ToJson(Instant now)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, now);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void Write(Utf8JsonWriter writer, Instant now)
    {
        writer.WriteStartObject();
        if (data is not null)
        {
            writer.WritePropertyName("data");
            JsonSerializer.Serialize(writer, data, data.GetType(), OcpiJson.Options);
        }
        writer.WriteNumber("status_code", statusCode);
        if (message is not null)
            writer.WriteString("status_message", message);
        writer.WritePropertyName("timestamp");
        JsonSerializer.Serialize(writer, now, OcpiJson.Options);
        writer.WriteEndObject();
    }
}
