using System.Text.Json.Nodes;

namespace Roaming.Ocpi.Objects;

/// <summary>
/// OCPI PATCH: fields present replace the stored ones, fields left out stay (ocpi.md 2.2). Session
/// <c>charging_periods</c> is the exception: a PATCH appends periods, it never replaces them (ocpi.md 7.7).
/// </summary>
public static class JsonMerge
{
    public static JsonObject Patch(JsonObject stored, JsonObject patch, IReadOnlySet<string> appendedArrays)
    {
        var merged = (JsonObject)stored.DeepClone();
        foreach (var (name, value) in patch)
        {
            if (appendedArrays.Contains(name) && merged[name] is JsonArray existing && value is JsonArray added)
            {
                foreach (var item in added)
                    existing.Add(item?.DeepClone());
                continue;
            }
            merged[name] = value?.DeepClone();
        }
        return merged;
    }
}
