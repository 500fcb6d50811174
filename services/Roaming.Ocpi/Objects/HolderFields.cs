using System.Text.Json.Nodes;
using Roaming.Platform.Sealing.Shredding;

namespace Roaming.Ocpi.Objects;

/// <summary>
/// The token holder's personal data inside OCPI JSON, kept encrypted wherever OCPI stores it (<see cref="OcpiObject"/>
/// documents, <see cref="OcpiObjectStored"/> events, queued pushes, the versions last pushed) under the key of the
/// holder's contract (<see cref="HolderSubject"/>), so that <c>roaming audit forget</c> reaches OCPI's copies too. Every
/// way out (sender GETs, pushes, authorize answers, the operator API) reveals it: the clear value while the key exists,
/// <see cref="SubjectKeyVault.Erased"/> after.
/// <para>
/// Where it is, by module: a token's own <c>contract_id</c>, <c>visual_number</c> and <c>energy_contract</c>
/// (<c>supplier_name</c>, <c>contract_id</c>); a session's or CDR's <c>cdr_token.contract_id</c>. The subject is the
/// country_code and party_id of that same token object (the eMSP that issued the contract). A command's body
/// (START_SESSION, RESERVE_NOW) carries a whole token under <c>token</c>. Other modules carry none.
/// </para>
/// </summary>
public sealed class HolderFields(SubjectKeyVault vault)
{
    private const string ContractId = "contract_id";
    private const string VisualNumber = "visual_number";
    private const string EnergyContract = "energy_contract";
    private const string SupplierName = "supplier_name";

    /// <summary>Whether objects of the module can hold personal data (the others are passed through without parsing).</summary>
    public static bool CanHold(string module) => module is Modules.Tokens or Modules.Sessions or Modules.Cdrs or Modules.Commands;

    /// <summary>The token objects inside one object of the module: the object itself for a token, <c>cdr_token</c> for a session or
    /// CDR, <c>token</c> for a command.</summary>
    public static IReadOnlyList<JsonObject> Holders(string module, JsonObject json) => module switch
    {
        Modules.Tokens => [json],
        Modules.Sessions or Modules.Cdrs => json["cdr_token"] is JsonObject token ? [token] : [],
        Modules.Commands => json["token"] is JsonObject token ? [token] : [],
        _ => [],
    };

    /// <summary>The personal fields present in one token object, as (object holding it, field name, value).</summary>
    public static IEnumerable<(JsonObject Parent, string Name, string Value)> Personal(JsonObject holder)
    {
        foreach (var name in new[] { ContractId, VisualNumber })
        {
            if (Text(holder, name) is { } value)
                yield return (holder, name, value);
        }
        if (holder[EnergyContract] is JsonObject energy)
        {
            foreach (var name in new[] { SupplierName, ContractId })
            {
                if (Text(energy, name) is { } value)
                    yield return (energy, name, value);
            }
        }
    }

    /// <summary>
    /// Encrypts the holder fields still in clear under the key of the holder's contract; values already protected stay as
    /// they are (so protecting twice changes nothing), and so do <see cref="SubjectKeyVault.Erased"/> values (no contract
    /// left to name a key by).
    /// </summary>
    public async Task<string> Protect(string module, string json, CancellationToken cancellation)
    {
        if (!CanHold(module))
            return json;
        var node = JsonNode.Parse(json)!.AsObject();
        return await Protect(module, node, cancellation) ? node.ToJsonString() : json;
    }

    /// <summary>Protects in place; true when something changed.</summary>
    public async Task<bool> Protect(string module, JsonObject json, CancellationToken cancellation)
    {
        var changed = false;
        foreach (var holder in Holders(module, json))
        {
            var clear = Personal(holder).Where(field => !SubjectKeyVault.IsProtected(field.Value) && field.Value != SubjectKeyVault.Erased).ToList();
            if (clear.Count == 0 || Text(holder, ContractId) is not { } contract || Text(holder, "country_code") is not { } countryCode
                || Text(holder, "party_id") is not { } partyId)
                continue;
            var contractInClear = SubjectKeyVault.IsProtected(contract) ? await vault.Reveal(contract, cancellation) : contract;
            if (contractInClear == SubjectKeyVault.Erased)
                continue;
            var sealedValues = await vault.Protect(HolderSubject.OfContract(countryCode, partyId, contractInClear),
                clear.Select(field => (string?)field.Value).ToList(), cancellation);
            for (var i = 0; i < clear.Count; i++)
                clear[i].Parent[clear[i].Name] = sealedValues[i];
            changed = true;
        }
        return changed;
    }

    /// <summary>The object as it goes out: holder fields in clear, or <see cref="SubjectKeyVault.Erased"/> once the holder was forgotten.</summary>
    public async Task<string> Reveal(string module, string json, CancellationToken cancellation) =>
        (await Reveal(module, [json], cancellation))[0];

    /// <summary>Several objects of one module with one key lookup; JSON without protected values comes back unchanged.</summary>
    public async Task<IReadOnlyList<string>> Reveal(string module, IReadOnlyList<string> jsons, CancellationToken cancellation)
    {
        if (!CanHold(module) || !jsons.Any(json => json.Contains(SubjectKeyVault.Prefix, StringComparison.Ordinal)))
            return jsons;
        var nodes = jsons.Select(json => JsonNode.Parse(json)!.AsObject()).ToList();
        var changed = await Reveal(module, nodes, cancellation);
        return nodes.Select((node, index) => changed[index] ? node.ToJsonString() : jsons[index]).ToList();
    }

    /// <summary>Reveals in place, with one key lookup; per object, whether something changed.</summary>
    public async Task<IReadOnlyList<bool>> Reveal(string module, IReadOnlyList<JsonObject> jsons, CancellationToken cancellation)
    {
        var protectedFields = jsons
            .SelectMany((json, index) => Holders(module, json).SelectMany(Personal).Select(field => (Index: index, Field: field)))
            .Where(found => SubjectKeyVault.IsProtected(found.Field.Value))
            .ToList();
        var changed = new bool[jsons.Count];
        if (protectedFields.Count == 0)
            return changed;
        var revealed = await vault.Reveal(protectedFields.Select(found => (string?)found.Field.Value).ToList(), cancellation);
        for (var i = 0; i < protectedFields.Count; i++)
        {
            var (index, (parent, name, _)) = protectedFields[i];
            parent[name] = revealed[i];
            changed[index] = true;
        }
        return changed;
    }

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
