using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Roaming.Ocpi.Hub;

/// <summary>
/// What the hub answers itself rather than forwarding (the routing decides which): broadcast pushes of locations, tokens
/// and tariffs (TO = the hub), pushes to a participant reached over OCHP (the bridge), CDR pushes (the clearing workflow),
/// and GETs on the hub's own sender interfaces (TO = the hub or left out: the objects the caller may see, paged).
/// </summary>
public interface IHubData
{
    /// <summary>A push (PUT, PATCH, POST) the hub takes itself; <paramref name="body"/> is already valid JSON.</summary>
    Task<IResult> ReceiveAsync(HubCall call, JsonElement body, HttpContext http);

    /// <summary>A GET on the hub's own sender interface: a page of objects the caller may see, or one object.</summary>
    Task<IResult> ReadAsync(HubCall call, HttpContext http);
}
