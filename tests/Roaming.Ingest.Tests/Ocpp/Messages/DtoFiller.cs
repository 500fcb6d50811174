using System.Reflection;
using System.Text.Json;
using Roaming.Ingest.Ocpp.V201.Messages;

namespace Roaming.Ingest.Tests.Ocpp.Messages;

/// <summary>
/// Builds a DTO with every member set (optional ones included), through its primary constructor, with values short
/// enough for every maxLength. <paramref name="variant"/> 0 takes the first value of each enum, 1 the last.
/// </summary>
internal static class DtoFiller
{
    public static readonly DateTimeOffset Timestamp = new(2026, 11, 24, 10, 0, 0, 123, TimeSpan.Zero);

    public static object Fill(Type type, int variant = 0) => Fill(type, variant, depth: 0)!;

    private static object? Fill(Type type, int variant, int depth)
    {
        if (depth > 12)
        {
            throw new InvalidOperationException($"DTO graph too deep at {type.Name}.");
        }

        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return Fill(underlying, variant, depth);
        }

        if (type == typeof(string)) return "ab" + variant;
        if (type == typeof(int)) return 3 + variant;
        if (type == typeof(long)) return 123456L + variant;
        if (type == typeof(decimal)) return 12.5m + variant;
        if (type == typeof(bool)) return variant == 0;
        if (type == typeof(DateTimeOffset)) return Timestamp.AddMinutes(variant);
        if (type == typeof(JsonElement)) return JsonDocument.Parse("""{"meter":"1A","readings":[1,2.5,"x"]}""").RootElement.Clone();
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(variant == 0 ? 0 : values.Length - 1);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var item = type.GetGenericArguments()[0];
            var array = Array.CreateInstance(item, 1);
            array.SetValue(Fill(item, variant, depth + 1), 0);
            return array;
        }

        if (type == typeof(CustomDataType))
        {
            return new CustomDataType("Roaming")
            {
                Extensions = new Dictionary<string, JsonElement> { ["vendorField"] = JsonDocument.Parse("42").RootElement.Clone() },
            };
        }

        var ctor = PrimaryConstructor(type);
        var args = ctor.GetParameters().Select(p => Fill(p.ParameterType, variant, depth + 1)).ToArray();
        return ctor.Invoke(args);
    }

    public static ConstructorInfo PrimaryConstructor(Type type) =>
        type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .Where(c => !(c.GetParameters() is [var only] && only.ParameterType == type))
            .OrderByDescending(c => c.GetParameters().Length)
            .First();
}
