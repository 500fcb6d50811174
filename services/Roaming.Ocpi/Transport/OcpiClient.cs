using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Roaming.Ocpi.Partners;

namespace Roaming.Ocpi.Transport;

/// <summary>A partner's answer: the HTTP status and, when the body was an OCPI envelope, its code and data.</summary>
public sealed record OcpiAnswer(HttpStatusCode? HttpStatus, int? StatusCode, string? StatusMessage, JsonElement? Data, string Body, string? Location = null)
{
    /// <summary>The next page of a list (the <c>Link: &lt;url&gt;; rel="next"</c> header), followed rather than built (ocpi.md 2.7).</summary>
    public string? Link { get; init; }

    /// <summary>How long the partner asked us to wait before calling again (<c>Retry-After</c> on a 429 or 503).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Network failure, timeout or 5xx: worth another try later.</summary>
    public bool IsTransient => HttpStatus is null || (int)HttpStatus >= 500;

    public bool IsSuccess => HttpStatus is { } status && (int)status is >= 200 and < 300 && (StatusCode is null || OcpiStatus.IsSuccess(StatusCode.Value));

    public string Describe() => HttpStatus is null
        ? $"no answer: {Body}"
        : $"HTTP {(int)HttpStatus.Value} status_code {StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {StatusMessage}".TrimEnd();
}

/// <summary>
/// The token a call presents: a stored partner token stays sealed until the header is written; a token that was
/// never stored (token A given by the operator, a token just received in a handshake) is plain.
/// </summary>
public sealed record PresentedToken(string? Plain, SealedToken? Sealed)
{
    public static implicit operator PresentedToken(string plain) => new(plain, null);

    public static implicit operator PresentedToken(SealedToken sealedToken) => new(null, sealedToken);

    public string Reveal(TokenVault vault) => Plain ?? vault.Open(Sealed!);
}

/// <summary>One outbound OCPI call: our token in the partner's preferred form, fresh message ids, routing headers on functional modules.</summary>
public sealed record OcpiCall(HttpMethod Method, string Url, PresentedToken Token, bool EncodeToken, string? Body = null,
    (string CountryCode, string PartyId)? From = null, (string CountryCode, string PartyId)? To = null, string? CorrelationId = null);

public sealed class OcpiClient(IHttpClientFactory httpClients, IOptions<OcpiOptions> options, TokenVault vault, NodaTime.IClock clock)
{
    public const string HttpClientName = "ocpi";

    public async Task<OcpiAnswer> Send(OcpiCall call, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(call.Method, call.Url);
        request.Headers.TryAddWithoutValidation("Authorization", AuthorizationToken.Header(call.Token.Reveal(vault), call.EncodeToken));
        var requestId = Guid.NewGuid().ToString();
        request.Headers.TryAddWithoutValidation("X-Request-ID", requestId);
        request.Headers.TryAddWithoutValidation("X-Correlation-ID", call.CorrelationId ?? requestId);
        if (call.From is { } from && call.To is { } to)
        {
            request.Headers.TryAddWithoutValidation("OCPI-from-country-code", from.CountryCode);
            request.Headers.TryAddWithoutValidation("OCPI-from-party-id", from.PartyId);
            request.Headers.TryAddWithoutValidation("OCPI-to-country-code", to.CountryCode);
            request.Headers.TryAddWithoutValidation("OCPI-to-party-id", to.PartyId);
        }
        if (call.Body is not null)
            request.Content = new StringContent(call.Body, Encoding.UTF8, "application/json");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RequestTimeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var location = response.Headers.Location?.ToString();
            return Read(response.StatusCode, body, location) with { Link = NextLink(response), RetryAfter = RetryAfterOf(response) };
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new OcpiAnswer(null, null, null, null, exception.Message);
        }
    }

    /// <summary>Calls with the partner's token, or, when it answers 401, once more with the other token form (ocpi.md 2.1: trial and error).</summary>
    public async Task<(OcpiAnswer Answer, bool EncodeToken)> SendTryingBothForms(OcpiCall call, CancellationToken cancellationToken)
    {
        var answer = await Send(call, cancellationToken);
        if (answer.HttpStatus != HttpStatusCode.Unauthorized)
            return (answer, call.EncodeToken);
        var other = await Send(call with { EncodeToken = !call.EncodeToken }, cancellationToken);
        return other.HttpStatus == HttpStatusCode.Unauthorized ? (answer, call.EncodeToken) : (other, !call.EncodeToken);
    }

    public static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
            return null;
        foreach (var part in values.SelectMany(v => v.Split(',')))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (pieces.Length > 1 && pieces.Skip(1).Any(p => p.Replace(" ", "") is "rel=\"next\"" or "rel=next") && pieces[0].StartsWith('<') && pieces[0].EndsWith('>'))
                return pieces[0][1..^1];
        }
        return null;
    }

    /// <summary><c>Retry-After</c> as seconds or as an HTTP date (RFC 9110 10.2.3); a date in the past is no wait.</summary>
    private TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => TimeSpan.FromTicks(Math.Max(0, (date - clock.GetCurrentInstant().ToDateTimeOffset()).Ticks)),
        _ => null,
    };

    public static OcpiAnswer Read(HttpStatusCode status, string body, string? location = null)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new OcpiAnswer(status, null, null, null, body, location);
            int? code = root.TryGetProperty("status_code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
            string? message = root.TryGetProperty("status_message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            JsonElement? data = root.TryGetProperty("data", out var d) ? d.Clone() : null;
            return new OcpiAnswer(status, code, message, data, body, location);
        }
        catch (JsonException)
        {
            return new OcpiAnswer(status, null, null, null, body, location);
        }
    }
}
