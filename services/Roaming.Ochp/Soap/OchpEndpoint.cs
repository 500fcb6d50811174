using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ochp.Participants;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Soap;

/// <summary>
/// <c>POST /service/ochp/v1.4</c> and <c>POST /live/ochp/v1.4</c>: one SOAP 1.1 request, read securely, dispatched by
/// its body element (not by SOAPAction, which clients fill differently), authenticated by its WS-Security UsernameToken,
/// checked against the OCHP XSDs, answered with the operation's response or a SOAP fault.
/// </summary>
public static class OchpEndpoint
{
    public const string ServicePath = "/service/ochp/v1.4";
    public const string LivePath = "/live/ochp/v1.4";

    /// <summary>
    /// The repeated elements of the uploads, each judged alone: a schema problem inside one refuses that item only. A
    /// problem anywhere else (<c>lastUpdate</c>, <c>cdrStatus</c>, a confirmation) makes the whole request <c>format</c>.
    /// </summary>
    private static readonly HashSet<string> UploadedItems =
        ["cdrInfoArray", "roamingAuthorisationInfoArray", "chargePointInfoArray", "TariffInfoArray", "evse", "parking"];

    public static string PathOf(OchpPort port) => port == OchpPort.Live ? LivePath : ServicePath;

    public static void MapOchpPorts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(ServicePath, context => Handle(context, OchpPort.Service)).ExcludeFromDescription();
        endpoints.MapPost(LivePath, context => Handle(context, OchpPort.Live)).ExcludeFromDescription();
    }

    private static async Task Handle(HttpContext context, OchpPort port)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OchpEndpoint).FullName!);
        var options = services.GetRequiredService<IOptions<OchpOptions>>().Value;
        var cancellation = context.RequestAborted;
        var receivedAt = services.GetRequiredService<IClock>().GetCurrentInstant();

        SoapRequest request;
        try
        {
            request = await SoapEnvelope.ReadAsync(context.Request.Body, options.MaxRequestBodySize, cancellation);
        }
        catch (SoapReadException refused)
        {
            logger.LogWarning("OCHP request to {Port} refused from {Remote}: {Reason}", port, context.Connection.RemoteIpAddress, refused.Message);
            await WriteFault(context, refused.FaultCode, refused.Message);
            return;
        }

        var operation = OchpOperations.ByRequestElement(request.Body.Name);
        if (operation is null)
        {
            logger.LogWarning("OCHP request to {Port} with unknown body element {Element}", port, request.Body.Name);
            await WriteFault(context, "soap:Client", $"{request.Body.Name.LocalName} ({request.Body.Name.NamespaceName}) is not an OCHP 1.4 operation");
            return;
        }
        if (operation.Port != port)
        {
            logger.LogWarning("OCHP {Operation} sent to the {Port} port", operation.Name, port);
            await WriteFault(context, "soap:Client", $"{operation.Name} is served at {PathOf(operation.Port)}, not at {PathOf(port)}");
            return;
        }

        var caller = await services.GetRequiredService<OchpLogins>().Authenticate(request.Credentials, cancellation);
        if (caller is null)
        {
            logger.LogWarning("OCHP {Operation}: not authorized (user {User})", operation.Name, request.Credentials?.Username ?? "(no UsernameToken)");
            const string refusal = "missing or wrong WS-Security UsernameToken";
            if (HasResult(operation))
                await WriteResponse(context, OchpResponses.Of(operation, ResultCode.NotAuthorized, refusal));
            else
                await WriteFault(context, "soap:Client", $"not authorized: {refusal}");
            return;
        }

        var problems = OchpSchema.Validate(request.Body);
        var outside = problems.Where(p => p.ItemElement is null || !UploadedItems.Contains(p.ItemElement)).ToList();
        if (outside.Count > 0)
        {
            var description = string.Join("; ", outside.Select(p => p.Message));
            logger.LogWarning("OCHP {Operation} from {User} does not match the XSD: {Problems}", operation.Name, caller.Username, description);
            if (HasResult(operation))
                await WriteResponse(context, OchpResponses.Of(operation, ResultCode.Format, description));
            else
                await WriteFault(context, "soap:Client", description);
            return;
        }

        XElement response;
        try
        {
            var handler = services.GetRequiredService<OchpHandlers>().For(operation);
            response = await handler(new OchpCall(operation, caller, request.Body, new ItemProblems(problems), receivedAt,
                services.GetRequiredService<IOchpStore>(), services, cancellation));
        }
        catch (Exception failure) when (!cancellation.IsCancellationRequested)
        {
            logger.LogError(failure, "OCHP {Operation} from {User} failed", operation.Name, caller.Username);
            if (HasResult(operation))
                await WriteResponse(context, OchpResponses.Of(operation, ResultCode.Server, "the clearing house could not process the request; try again later"));
            else
                await WriteFault(context, "soap:Server", "the clearing house could not process the request; try again later");
            return;
        }

        if (services.GetRequiredService<IHostEnvironment>() is var environment && (environment.IsDevelopment() || environment.IsEnvironment("Test")))
        {
            // Cheap enough where nobody measures: our own answers are checked like the peers' requests.
            foreach (var problem in OchpSchema.Validate(response))
                logger.LogError("OCHP {Operation} response breaks the XSD: {Problem}", operation.Name, problem.Message);
        }
        await WriteResponse(context, response);
    }

    /// <summary>Every OCHP response begins with <c>result</c>, except GetStatus's, whose failures can only be faults.</summary>
    private static bool HasResult(OchpOperation operation) => operation.Name != "GetStatus";

    private static Task WriteResponse(HttpContext context, XElement body) =>
        Write(context, StatusCodes.Status200OK, SoapEnvelope.Response(Tidied(body)));

    /// <summary>
    /// The body with the OCHP namespace declared once, on its root: items kept as received carry their sender's
    /// declarations (<c>xmlns:ns0</c>), and serialized parts their own, which would otherwise be repeated on the wire.
    /// </summary>
    public static XElement Tidied(XElement body)
    {
        foreach (var declaration in body.Descendants().Attributes().Where(a => a.IsNamespaceDeclaration).ToList())
            declaration.Remove();
        return body;
    }

    private static Task WriteFault(HttpContext context, string faultCode, string faultString) =>
        Write(context, StatusCodes.Status500InternalServerError, SoapEnvelope.Fault(faultCode, faultString));

    private static async Task Write(HttpContext context, int status, byte[] envelope)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml; charset=utf-8";
        context.Response.ContentLength = envelope.Length;
        await context.Response.Body.WriteAsync(envelope, context.RequestAborted);
    }
}

/// <summary>The handler of every operation, registered by the capability slices.</summary>
public sealed class OchpHandlers
{
    private readonly Dictionary<string, OchpHandler> _handlers = new(StringComparer.Ordinal);

    public OchpHandlers Add(string operation, OchpHandler handler)
    {
        if (OchpOperations.All.All(o => o.Name != operation))
            throw new ArgumentException($"{operation} is not an OCHP 1.4 operation");
        _handlers.Add(operation, handler);
        return this;
    }

    public OchpHandler For(OchpOperation operation) =>
        _handlers.TryGetValue(operation.Name, out var handler) ? handler : throw new NotSupportedException($"{operation.Name} has no handler");
}
