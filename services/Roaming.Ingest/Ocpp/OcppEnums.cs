using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp;

/// <summary>The OCPP spelling of a DTO enum value (e.g. <c>Energy.Active.Import.Register</c>, <c>L1-N</c>), without serializing.</summary>
public static class OcppEnums
{
    private static readonly ConcurrentDictionary<Type, FrozenDictionary<long, string>> Cache = new();

    public static string ToWire<TEnum>(this TEnum value)
        where TEnum : struct, Enum =>
        Names(typeof(TEnum)).TryGetValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), out var name)
            ? name
            : value.ToString();

    private static FrozenDictionary<long, string> Names(Type type) => Cache.GetOrAdd(type, static t =>
        t.GetFields(BindingFlags.Public | BindingFlags.Static).ToFrozenDictionary(
            f => Convert.ToInt64(f.GetValue(null), System.Globalization.CultureInfo.InvariantCulture),
            f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name));
}
