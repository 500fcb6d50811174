using System.Collections.Concurrent;
using System.Reflection;
using System.Xml.Serialization;

namespace Roaming.Protocols.Ochp;

/// <summary>The text an OCHP enum value has on the wire (its <see cref="XmlEnumAttribute"/>), e.g. <c>serviceFee</c>.</summary>
public static class WireText
{
    private static readonly ConcurrentDictionary<(Type, string), string> Texts = new();

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Texts.GetOrAdd((typeof(TEnum), value.ToString()), key =>
            key.Item1.GetField(key.Item2)?.GetCustomAttribute<XmlEnumAttribute>()?.Name ?? key.Item2);
}
