using System.Net;
using Microsoft.AspNetCore.Http;
using Roaming.Platform.Http;

namespace Roaming.Ocpi.Transport;

/// <summary>
/// A request to <c>/ocpi</c> the server refused to read (too large: 413) is answered in the OCPI envelope with the
/// HTTP status that says why and status code 2000 (generic client error): like bad JSON (400, 2001), the request never
/// reached the OCPI layer, so the HTTP status carries the reason and the body is still one a partner can parse.
/// </summary>
public sealed class OcpiRefusedRequests : IRefusedRequestWriter
{
    public bool Answers(PathString path) => path.StartsWithSegments(OcpiUrls.Root);

    public Task Write(HttpContext context, int status, string reason) =>
        new OcpiResult((HttpStatusCode)status, OcpiStatus.ClientError, reason, null).ExecuteAsync(context);
}
