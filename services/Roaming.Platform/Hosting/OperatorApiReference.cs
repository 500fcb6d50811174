using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Roaming.Platform.Hosting;

/// <summary>
/// The operator API (<c>/api</c>) described as OpenAPI at <see cref="DocumentPath"/>, generated from the endpoints, and
/// browsable at <see cref="ReferencePath"/> (Scalar). Both are public: they describe the API, they carry no data and no
/// key, and every operation they describe still requires the operator key. OCPI (<c>/ocpi</c>) and OCPP are left out:
/// partners and chargers follow their published standards, not this document.
/// </summary>
public static class OperatorApiReference
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/" + DocumentName + ".json";
    public const string ReferencePath = "/scalar";
    public const string SecuritySchemeName = "operatorKey";

    public static IServiceCollection AddOperatorApiReference(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description =>
                ("/" + description.RelativePath).StartsWith(RoamingApplication.OperatorApiPrefix + "/", StringComparison.Ordinal);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Roaming operator API",
                    Version = DocumentName,
                    Description = "Locations, tariffs, tokens, sessions, CDRs, partners and the platform's own operations. " +
                                  "OCPI partners use /ocpi (OCPI 2.2.1), chargers /ocpp/{chargePointId} (OCPP-J); neither is described here.",
                };
                document.AddComponent<IOpenApiSecurityScheme>(SecuritySchemeName, new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "Authorization: Bearer <ROAMING_ADMIN_KEY>. Without a valid key every operation answers 401.",
                });
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] }];
                return Task.CompletedTask;
            });
        });

    public static void MapOperatorApiReference(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(DocumentPath.Replace(DocumentName, "{documentName}", StringComparison.Ordinal));
        endpoints.MapScalarApiReference(ReferencePath, options =>
        {
            options.Title = "Roaming operator API";
            options.OpenApiRoutePattern = DocumentPath;
            // A backend does not report how its operators use their reference page.
            options.Telemetry = false;
            options.AddPreferredSecuritySchemes(SecuritySchemeName);
        });
    }

    /// <summary>
    /// Groups operations by the resource after <c>/api</c> (<c>locations</c>, <c>cdrs</c>, <c>partners</c>, ...), so a
    /// module's endpoints need no tag of their own; an endpoint's own <c>WithTags</c> still wins.
    /// </summary>
    internal static void TagByResource(EndpointBuilder endpoint)
    {
        if (endpoint is not RouteEndpointBuilder { RoutePattern.RawText: { } pattern })
            return;
        var resource = pattern.TrimStart('/').Split('/') is [_, var first, ..] ? first : null;
        if (!string.IsNullOrEmpty(resource) && !resource.StartsWith('{'))
            endpoint.Metadata.Add(new TagsAttribute(resource));
    }
}
