using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Client.Transport;

/// <summary>Which of our two logins a call uses (e-clearing.net issues one per role).</summary>
public enum OchpRole
{
    Cpo,
    Emsp,
}

/// <summary>
/// The one SOAP transport to the remote clearing house: the request as a SOAP 1.1 envelope with our login as a
/// WS-Security UsernameToken, posted to the operation's port with its SOAPAction and a Content-Length (the eCHS's
/// CXF stack is known to dislike chunked bodies), the answer read back into the operation's response type.
/// What went wrong on the way is a <see cref="ClearingHouseCallException"/> with its <see cref="ClearingHouseFailure"/>;
/// what the clearing house said (its result code) is in the response itself, judged by <see cref="ClearingHouseResults"/>.
/// Every call is logged with operation, role, duration and result code.
/// </summary>
public sealed class ClearingHouseClient(IHttpClientFactory httpClients, IOptions<OchpClientOptions> options, ILogger<ClearingHouseClient> logger)
{
    public const string HttpClientName = "ochp-client";

    public async Task<TResponse> Call<TRequest, TResponse>(TRequest request, OchpRole role, CancellationToken ct)
        where TRequest : class
        where TResponse : class
    {
        var settings = options.Value;
        var operation = OchpOperations.For<TRequest>();
        var credentials = Credentials(settings, role);
        var url = operation.Port == OchpPort.Live ? settings.LivePort : settings.MainPort;
        var envelope = SoapEnvelope.Request(OchpXml.ToElement(request), credentials);
        using var message = new HttpRequestMessage(HttpMethod.Post, url);
        // ByteArrayContent sends a Content-Length, never chunks.
        message.Content = new ByteArrayContent(envelope);
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        message.Headers.TryAddWithoutValidation("SOAPAction", $"\"{operation.SoapAction}\"");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.RequestTimeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName)
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffered = new MemoryStream();
            await CopyBounded(body, buffered, settings.MaxResponseBytes, timeout.Token);
            buffered.Position = 0;
            XElement answer;
            try
            {
                answer = SoapEnvelope.ReadResponse(buffered, settings.MaxResponseBytes);
            }
            catch (SoapFaultException fault)
            {
                throw Failed(operation, role, watch, ClearingHouseFailure.SoapFault, $"HTTP {(int)response.StatusCode} SOAP fault: {fault.Message}", fault);
            }
            catch (Exception unreadable) when (unreadable is not ClearingHouseCallException)
            {
                var kind = response.IsSuccessStatusCode ? ClearingHouseFailure.BadResponse : ClearingHouseFailure.HttpError;
                throw Failed(operation, role, watch, kind, $"HTTP {(int)response.StatusCode}, unreadable answer: {unreadable.Message}", unreadable);
            }
            if (answer.Name != operation.ResponseElement)
                throw Failed(operation, role, watch, ClearingHouseFailure.BadResponse,
                    $"HTTP {(int)response.StatusCode}, answer {answer.Name.LocalName} instead of {operation.ResponseElement.LocalName}", null);
            TResponse typed;
            try
            {
                typed = OchpXml.FromElement<TResponse>(answer);
            }
            catch (InvalidOperationException unreadable)
            {
                throw Failed(operation, role, watch, ClearingHouseFailure.BadResponse, $"answer does not read as {typeof(TResponse).Name}: {unreadable.Message}", unreadable);
            }
            logger.LogInformation("OCHP {Operation} as {Role}: HTTP {Status}, result {ResultCode} {ResultDescription} in {Elapsed} ms",
                operation.Name, role, (int)response.StatusCode, ResultCodeOf(answer) ?? "-", ResultDescriptionOf(answer), watch.ElapsedMilliseconds);
            return typed;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw Failed(operation, role, watch, ClearingHouseFailure.Timeout, $"no answer within {settings.RequestTimeout}", null);
        }
        catch (HttpRequestException unreachable)
        {
            throw Failed(operation, role, watch, ClearingHouseFailure.Unreachable, unreachable.Message, unreachable);
        }
    }

    private ClearingHouseCallException Failed(OchpOperation operation, OchpRole role, Stopwatch watch, ClearingHouseFailure failure, string detail,
        Exception? inner)
    {
        logger.LogWarning("OCHP {Operation} as {Role} failed after {Elapsed} ms: {Failure} {Detail}", operation.Name, role, watch.ElapsedMilliseconds,
            failure, detail);
        return new ClearingHouseCallException(operation.Name, failure, detail, inner);
    }

    private static UsernameToken Credentials(OchpClientOptions settings, OchpRole role) => role switch
    {
        OchpRole.Cpo when settings.Cpo is { Username: { } user, Password: { } password } => new UsernameToken(user, password),
        OchpRole.Emsp when settings.Emsp is { Username: { } user, Password: { } password } => new UsernameToken(user, password),
        _ => throw new ClearingHouseCallException("-", ClearingHouseFailure.NotConfigured, $"no {role} login in {OchpClientOptions.Section}", null),
    };

    private static async Task CopyBounded(Stream from, Stream to, long maxBytes, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > maxBytes)
                throw new HttpRequestException($"answer larger than {maxBytes} bytes", null, HttpStatusCode.RequestEntityTooLarge);
            await to.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }

    /// <summary><c>result/resultCode/resultCode</c> of an answer (GetStatus has none).</summary>
    private static string? ResultCodeOf(XElement answer) =>
        answer.Element(XName.Get("result", OchpNamespaces.Ochp))?.Element(XName.Get("resultCode", OchpNamespaces.Ochp))
            ?.Element(XName.Get("resultCode", OchpNamespaces.Ochp))?.Value;

    private static string? ResultDescriptionOf(XElement answer) =>
        answer.Element(XName.Get("result", OchpNamespaces.Ochp))?.Element(XName.Get("resultDescription", OchpNamespaces.Ochp))?.Value;
}

/// <summary>Why a call brought no answer to judge.</summary>
public enum ClearingHouseFailure
{
    /// <summary>No connection (DNS, refused, TLS, reset).</summary>
    Unreachable,
    Timeout,
    /// <summary>An HTTP error status without a readable SOAP answer.</summary>
    HttpError,
    SoapFault,
    /// <summary>An answer that is not the operation's response element.</summary>
    BadResponse,
    /// <summary>The role's login is not configured.</summary>
    NotConfigured,
}

public sealed class ClearingHouseCallException(string operation, ClearingHouseFailure failure, string detail, Exception? inner)
    : Exception($"OCHP {operation}: {failure}: {detail}", inner)
{
    public string Operation { get; } = operation;
    public ClearingHouseFailure Failure { get; } = failure;
    public string Detail { get; } = detail;
}
