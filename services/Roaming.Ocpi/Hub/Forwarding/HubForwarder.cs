using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Roaming.Ocpi.Hub.Routing;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Forwarding;

/// <summary>One request the hub sends on to a participant's platform: the body is passed as it came (or as the hub rewrote it).</summary>
public sealed record OutboundRequest(Partner Receiver, string Method, string Url, byte[]? Body, IReadOnlyList<KeyValuePair<string, string>> RoutingHeaders,
    string CorrelationId);

/// <summary>
/// What the receiving platform answered, to pass back unchanged: HTTP status, body, and the headers a caller needs
/// (paging, routing); <see cref="OcpiStatus"/> is read from the body for the traffic record. A hub error (4002/4003) when
/// there was no answer.
/// </summary>
public sealed record ForwardedAnswer(int HttpStatus, byte[] Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers, int? OcpiStatus,
    string? Problem)
{
    public static readonly IReadOnlyList<string> PassedHeaders =
        ["X-Total-Count", "X-Limit", "Link", "OCPI-from-country-code", "OCPI-from-party-id", "OCPI-to-country-code", "OCPI-to-party-id"];

    public bool IsHubError => Problem is not null;

    /// <summary>The answer with its <c>Link</c> moved from the receiver's endpoint to the hub's (the caller cannot call the receiver).</summary>
    public ForwardedAnswer WithLinkPrefix(string receiverPrefix, string hubPrefix) => this with
    {
        Headers = Headers.Select(h => h.Key.Equals("Link", StringComparison.OrdinalIgnoreCase)
            ? new KeyValuePair<string, string>(h.Key, RewriteLink(h.Value, receiverPrefix, hubPrefix)) : h).ToList(),
    };

    /// <summary>Replaces the receiver's endpoint URL at the start of every <c>&lt;url&gt;</c> of a Link header; other URLs are left as they are.</summary>
    public static string RewriteLink(string link, string receiverPrefix, string hubPrefix)
    {
        var prefix = receiverPrefix.TrimEnd('/');
        return link.Replace("<" + prefix, "<" + hubPrefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }

    public async Task WriteTo(HttpResponse response, CancellationToken cancellation)
    {
        response.StatusCode = HttpStatus;
        response.ContentType = ContentType ?? "application/json";
        foreach (var (name, value) in Headers)
            response.Headers[name] = value;
        await response.Body.WriteAsync(Body, cancellation);
    }

    /// <summary>The top-level <c>status_code</c> of an OCPI envelope, without building a document.</summary>
    public static int? StatusCodeOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isStatus = reader.ValueTextEquals("status_code"u8);
                reader.Read();
                if (isStatus)
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code) ? code : null;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}

/// <summary>
/// Sends a request on to a participant's platform with the receiver's token (in the form it asked for), a new
/// X-Request-ID, the caller's X-Correlation-ID and the routing headers as given. Never waits longer than
/// <see cref="HubOptions.ForwardTimeout"/>: no answer in time is 4002, no connection 4003, and either is reported to
/// <see cref="Pushing.IPartnerReachability"/> (the platform is recorded OFFLINE until a call gets an answer).
/// </summary>
public sealed class HubForwarder(IHttpClientFactory httpClients, TokenVault vault, HubDirectory directory, IOptions<OcpiOptions> options,
    Pushing.IPartnerReachability reachability)
{
    public const string HttpClientName = "ocpi-hub";

    public async Task<ForwardedAnswer> Send(OutboundRequest outbound, CancellationToken aborted)
    {
        using var request = new HttpRequestMessage(new HttpMethod(outbound.Method), outbound.Url);
        request.Headers.TryAddWithoutValidation("Authorization",
            AuthorizationToken.Header(vault.Open(outbound.Receiver.TheirToken!), outbound.Receiver.EncodeToken));
        request.Headers.TryAddWithoutValidation("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("X-Correlation-ID", outbound.CorrelationId);
        foreach (var (name, value) in outbound.RoutingHeaders)
            request.Headers.TryAddWithoutValidation(name, value);
        if (outbound.Body is not null)
        {
            request.Content = new ByteArrayContent(outbound.Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        var timeout = options.Value.Hub.ForwardTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token);
            directory.ConnectionSucceeded(outbound.Receiver.Id);
            reachability.Answered(outbound.Receiver, "hub:forwarding");
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var name in ForwardedAnswer.PassedHeaders)
            {
                if (response.Headers.TryGetValues(name, out var values))
                    headers.Add(new(name, string.Join(", ", values)));
            }
            return new ForwardedAnswer((int)response.StatusCode, body, response.Content.Headers.ContentType?.ToString(), headers,
                ForwardedAnswer.StatusCodeOf(body), null);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            reachability.Unreachable(outbound.Receiver, $"no answer within {timeout.TotalSeconds:0.###} s", "hub:forwarding");
            return HubError(OcpiStatus.ForwardedRequestTimedOut, $"The receiving platform did not answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception)
        {
            if (exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
            {
                directory.ConnectionFailed(outbound.Receiver.Id);
                reachability.Unreachable(outbound.Receiver, exception.Message, "hub:forwarding");
            }
            return HubError(OcpiStatus.ReceiverNotConnected, $"The receiving platform could not be reached: {exception.Message}");
        }
    }

    /// <summary>An answer the hub makes up when the receiver gave none (HTTP 200, like every OCPI-level error).</summary>
    private static ForwardedAnswer HubError(int statusCode, string message) =>
        new((int)HttpStatusCode.OK, [], null, [], statusCode, message);
}
