using System.Text.Json;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Ocpi.Partners;

namespace Roaming.Ocpi.Hub.Forwarding;

/// <summary>
/// The OCPI rules the hub applies to an object pushed whole (PUT on a receiver interface) before it forwards it: the same
/// rules and URL/body agreement as our own receivers (<see cref="ModuleObjectRules"/>, <see cref="ReceivedObjects.Mismatch"/>),
/// so a receiver never gets an object a conforming platform would refuse. PATCHes are checked by the receiver, which holds the object.
/// </summary>
public static class PushedObjectRules
{
    /// <summary>The field and what is wrong with it (the message of a 2001), or null when the push may go on.</summary>
    public static string? Refuse(HubCall call, JsonElement body)
    {
        if (call.Method != "PUT" || call.InterfaceRole != InterfaceRoles.Receiver || call.Path.Count < 3)
            return null;
        var (cc, pid, id) = (call.Path[0], call.Path[1], call.Path[2]);
        var (rules, address) = call.Module switch
        {
            Modules.Locations => (call.Path.Count switch
            {
                3 => ModuleObjectRules.Location,
                4 => ModuleObjectRules.Evse,
                _ => ModuleObjectRules.Connector,
            }, call.Path.Count == 3 ? new ObjectAddress(Modules.Locations, cc, pid, id) : null),
            Modules.Sessions => (ModuleObjectRules.Session, new ObjectAddress(Modules.Sessions, cc, pid, id)),
            Modules.Tariffs => (ModuleObjectRules.Tariff, new ObjectAddress(Modules.Tariffs, cc, pid, id)),
            Modules.Tokens => (ModuleObjectRules.Token, new ObjectAddress(Modules.Tokens, cc, pid, id, TokenType(call))),
            _ => ((ObjectRules?)null, (ObjectAddress?)null),
        };
        if (rules is null)
            return null;
        if (rules(body) is { IsValid: false } errors)
            return ReceivedObjects.Describe(errors);
        return address is null ? null : ReceivedObjects.Mismatch(address, body);
    }

    private static string TokenType(HubCall call)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(call.Query.Value);
        return query.TryGetValue("type", out var type) && type.ToString().Length > 0 ? type.ToString() : "RFID";
    }
}
