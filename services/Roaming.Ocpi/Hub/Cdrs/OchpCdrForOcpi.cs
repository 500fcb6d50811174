using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Npgsql;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Contracts.Identifiers;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Hub.Cdrs;

/// <summary>A cleared CDR as OCPI 2.2.1 JSON, or every reason it could not be made one.</summary>
public sealed record OcpiCdrDocument(string? Json, IReadOnlyList<string> Problems);

/// <summary>
/// A CDR an OCHP CPO uploaded (clearing document: the <c>cdrInfoArray</c> element's XML) as the OCPI 2.2.1 CDR an OCPI e-MSP
/// gets, through the bridge's mapping (<see cref="OchpCdrToOcpiCdr"/>). OCHP CDRs carry no position while OCPI requires one:
/// it is the EVSE's (or its location's) coordinates from the locations the hub keeps of the CPO (its charge points, bridged).
/// </summary>
public static class OchpCdrForOcpi
{
    public const string Protocol = "ochp-1.4";

    /// <summary>The root element the serializer reads a <see cref="CdrInfo"/> from (the clearing document is named after its array).</summary>
    private static readonly Lazy<XName> CdrInfoElement = new(() => OchpXml.ToElement(new CdrInfo()).Name);

    /// <summary>Pure: the OCPI CDR, checked against OCPI's CDR rules, with <paramref name="lastUpdated"/> as its last_updated.</summary>
    public static OcpiCdrDocument Map(CdrForClearing facts, GeoLocation? position, Instant lastUpdated)
    {
        CdrInfo info;
        try
        {
            var element = XElement.Parse(facts.Document);
            info = OchpXml.FromElement<CdrInfo>(new XElement(CdrInfoElement.Value,
                element.Attributes().Where(a => !a.IsNamespaceDeclaration), element.Nodes()));
        }
        catch (Exception unreadable) when (unreadable is XmlException or InvalidOperationException)
        {
            return new OcpiCdrDocument(null, [$"the OCHP document cannot be read: {(unreadable.InnerException ?? unreadable).Message}"]);
        }
        var bridged = OchpCdrToOcpiCdr.Map(info, info.ContractId, null, lastUpdated, position);
        if (!bridged.IsMapped)
            return new OcpiCdrDocument(null, bridged.Problems);
        var json = JsonSerializer.Serialize(bridged.Value, OcpiJson.Options);
        using var document = JsonDocument.Parse(json);
        return ModuleObjectRules.Cdr(document.RootElement) is { IsValid: false } errors
            ? new OcpiCdrDocument(null, [ReceivedObjects.Describe(errors)])
            : new OcpiCdrDocument(json, []);
    }

    /// <summary>Pure: the coordinates of the EVSE <paramref name="evseId"/> in one of <paramref name="locations"/> (its own, else its location's).</summary>
    public static GeoLocation? PositionIn(IEnumerable<string> locations, string evseId)
    {
        foreach (var json in locations)
        {
            var location = JsonNode.Parse(json)?.AsObject();
            var evse = (location?["evses"] as JsonArray ?? []).OfType<JsonObject>()
                .FirstOrDefault(e => string.Equals(e["evse_id"]?.GetValue<string>()?.Replace(" ", ""), evseId, StringComparison.OrdinalIgnoreCase));
            if (evse is null)
                continue;
            var coordinates = evse["coordinates"] as JsonObject ?? location!["coordinates"] as JsonObject;
            if (coordinates?["latitude"]?.GetValue<string>() is { } latitude && coordinates["longitude"]?.GetValue<string>() is { } longitude)
                return new GeoLocation(latitude, longitude);
        }
        return null;
    }

    /// <summary>The position of the EVSE from the hub's locations of its operator (a few candidate rows, read in PostgreSQL).</summary>
    public static async Task<GeoLocation?> PositionOf(IOcpiStore store, string evseId, CancellationToken cancellation)
    {
        if (!EvseId.TryParse(evseId, out var evse))
            return null;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"select d.data ->> 'json' from {store.Options.DatabaseSchemaName}.mt_doc_hubobject d " +
            "where d.data ->> 'module' = @module and d.data ->> 'party' = @party and d.data ->> 'json' like @pattern escape '\\' limit 20", connection);
        command.Parameters.AddWithValue("module", Modules.Locations);
        command.Parameters.AddWithValue("party", evse.OperatorId.ToString());
        command.Parameters.AddWithValue("pattern", "%" + evseId.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%");
        var candidates = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
                candidates.Add(reader.GetString(0));
        }
        return PositionIn(candidates, evseId);
    }
}
