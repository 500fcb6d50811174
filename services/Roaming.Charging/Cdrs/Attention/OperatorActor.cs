using Microsoft.AspNetCore.Http;

namespace Roaming.Charging.Cdrs.Attention;

/// <summary>Who called the operator API (the authenticated name, <c>operator</c> for the admin key): the actor of what the call records.</summary>
internal static class OperatorActor
{
    public static string Of(HttpContext http) => http.User.Identity?.Name is { Length: > 0 } name ? name : "operator";
}
