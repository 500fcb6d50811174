using System.Xml.Serialization;
using NodaTime;
using NodaTime.Text;

// live-types.xsd: the live status of EVSEs and parking spots. Unlike everywhere else, ttl is an xs:dateTime attribute.
namespace Roaming.Protocols.Ochp;

public enum MajorStatus
{
    [XmlEnum("available")] Available,
    [XmlEnum("not-available")] NotAvailable,
    [XmlEnum("unknown")] Unknown,
}

public enum MinorStatus
{
    [XmlEnum("available")] Available,
    [XmlEnum("reserved")] Reserved,
    [XmlEnum("charging")] Charging,
    [XmlEnum("blocked")] Blocked,
    [XmlEnum("outoforder")] OutOfOrder,
}

/// <summary>
/// XSD <c>EvseStatusType</c>: <c>evseId</c> with <c>@major</c>, <c>@minor?</c> and <c>@ttl?</c> (after it the status
/// is unknown). Allowed pairs: unknown/–, available/{available, reserved},
/// not-available/{charging, blocked, reserved, outoforder}.
/// </summary>
[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class EvseStatusType
{
    [XmlElement("evseId", Order = 1)] public string EvseId { get; set; } = "";
    [XmlAttribute("major")] public MajorStatus Major { get; set; }
    [XmlAttribute("minor")] public MinorStatus Minor { get; set; }
    [XmlIgnore] public bool MinorSpecified { get; set; }
    /// <summary>The <c>xs:dateTime</c> text; see <see cref="Ttl"/>.</summary>
    [XmlAttribute("ttl")] public string? TtlText { get; set; }

    /// <summary>The minor status, or null when absent.</summary>
    [XmlIgnore]
    public MinorStatus? MinorStatus
    {
        get => MinorSpecified ? Minor : null;
        set { MinorSpecified = value.HasValue; Minor = value.GetValueOrDefault(); }
    }

    /// <summary>The time to live; throws <see cref="FormatException"/> on reading a text that is no xs:dateTime with zone.</summary>
    [XmlIgnore]
    public Instant? Ttl
    {
        get => TtlText is null ? null : LiveDateTime.Parse(TtlText);
        set => TtlText = value is { } ttl ? DateTimeType.Format(ttl) : null;
    }
}

public enum ParkingStatus
{
    [XmlEnum("available")] Available,
    [XmlEnum("not-available")] NotAvailable,
    [XmlEnum("unknown")] Unknown,
}

[XmlType(Namespace = OchpNamespaces.Ochp)]
public sealed class ParkingStatusType
{
    [XmlElement("parkingId", Order = 1)] public string ParkingId { get; set; } = "";
    [XmlAttribute("status")] public ParkingStatus Status { get; set; }
    [XmlAttribute("ttl")] public string? TtlText { get; set; }

    [XmlIgnore]
    public Instant? Ttl
    {
        get => TtlText is null ? null : LiveDateTime.Parse(TtlText);
        set => TtlText = value is { } ttl ? DateTimeType.Format(ttl) : null;
    }
}

/// <summary>
/// The live <c>ttl</c> is a plain <c>xs:dateTime</c>: peers may send fractions and any offset. A time without a zone
/// is refused: it names no instant.
/// </summary>
internal static class LiveDateTime
{
    private static readonly OffsetDateTimePattern Pattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<G>");

    public static Instant Parse(string text)
    {
        var parsed = Pattern.Parse(text.Trim());
        return parsed.Success
            ? parsed.Value.ToInstant()
            : throw new FormatException($"'{text}' is not an xs:dateTime with a zone (like {DateTimeType.Example})");
    }
}
