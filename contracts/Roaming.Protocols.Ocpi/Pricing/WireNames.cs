using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Roaming.Protocols.Ocpi.Pricing;

/// <summary>How OCPI spells an enum value (its <see cref="JsonStringEnumMemberNameAttribute"/>), for explanations people read next to the JSON.</summary>
internal static class WireNames
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Of(Enum value) => Names.GetOrAdd(value, v =>
        v.GetType().GetField(v.ToString())?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? v.ToString());
}
