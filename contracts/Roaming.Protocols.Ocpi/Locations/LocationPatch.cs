using System.Text.Json;
using System.Text.Json.Nodes;
using Roaming.Contracts.Validation;


namespace Roaming.Protocols.Ocpi.Locations;

/// <summary>
/// OCPI PATCH on a Location, EVSE or Connector (merge rules in <see cref="OcpiPatch"/>). Validate the result with
/// <see cref="LocationValidation"/> as for a PUT. The receiver's duty to bump the parents' last_updated after an EVSE
/// or Connector PATCH is the caller's.
/// </summary>
public static class LocationPatch
{
    private static readonly string[] LocationIdentity = ["country_code", "party_id", "id"];
    private static readonly string[] EvseIdentity = ["uid"];
    private static readonly string[] ConnectorIdentity = ["id"];

    public static Location? Apply(Location current, JsonElement patch, FieldErrors errors) =>
        Merge(current, patch, LocationIdentity, errors);

    public static Evse? Apply(Evse current, JsonElement patch, FieldErrors errors) =>
        Merge(current, patch, EvseIdentity, errors);

    public static Connector? Apply(Connector current, JsonElement patch, FieldErrors errors) =>
        Merge(current, patch, ConnectorIdentity, errors);

    private static T? Merge<T>(T current, JsonElement patch, IReadOnlyCollection<string> identityFields, FieldErrors errors)
        where T : class => OcpiPatch.Merge(current, patch, identityFields, errors);
}
