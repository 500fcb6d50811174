using Roaming.Protocols.Ochp;
using OcpiConnectorType = Roaming.Protocols.Ocpi.Locations.ConnectorType;
using OcpiConnectorFormat = Roaming.Protocols.Ocpi.Locations.ConnectorFormat;
using OcpiPowerType = Roaming.Protocols.Ocpi.Locations.PowerType;

namespace Roaming.Protocols.Bridge;

/// <summary>
/// OCPI connector standard, format and power type → OCHP, and back. The standards OCHP 1.4 knows share their names with
/// OCPI's; the others (CHAOJI, GB/T, NEMA, pantographs, DOMESTIC_M–O) have no OCHP form and map to null. Every OCHP
/// standard has its OCPI one.
/// </summary>
public static class OchpConnectors
{
    public static ConnectorStandard? Standard(OcpiConnectorType standard) => standard switch
    {
        OcpiConnectorType.Chademo => ConnectorStandard.Chademo,
        OcpiConnectorType.Iec62196T1 => ConnectorStandard.IEC_62196_T1,
        OcpiConnectorType.Iec62196T1Combo => ConnectorStandard.IEC_62196_T1_COMBO,
        OcpiConnectorType.Iec62196T2 => ConnectorStandard.IEC_62196_T2,
        OcpiConnectorType.Iec62196T2Combo => ConnectorStandard.IEC_62196_T2_COMBO,
        OcpiConnectorType.Iec62196T3A => ConnectorStandard.IEC_62196_T3A,
        OcpiConnectorType.Iec62196T3C => ConnectorStandard.IEC_62196_T3C,
        OcpiConnectorType.DomesticA => ConnectorStandard.DOMESTIC_A,
        OcpiConnectorType.DomesticB => ConnectorStandard.DOMESTIC_B,
        OcpiConnectorType.DomesticC => ConnectorStandard.DOMESTIC_C,
        OcpiConnectorType.DomesticD => ConnectorStandard.DOMESTIC_D,
        OcpiConnectorType.DomesticE => ConnectorStandard.DOMESTIC_E,
        OcpiConnectorType.DomesticF => ConnectorStandard.DOMESTIC_F,
        OcpiConnectorType.DomesticG => ConnectorStandard.DOMESTIC_G,
        OcpiConnectorType.DomesticH => ConnectorStandard.DOMESTIC_H,
        OcpiConnectorType.DomesticI => ConnectorStandard.DOMESTIC_I,
        OcpiConnectorType.DomesticJ => ConnectorStandard.DOMESTIC_J,
        OcpiConnectorType.DomesticK => ConnectorStandard.DOMESTIC_K,
        OcpiConnectorType.DomesticL => ConnectorStandard.DOMESTIC_L,
        OcpiConnectorType.TeslaR => ConnectorStandard.TESLA_R,
        OcpiConnectorType.TeslaS => ConnectorStandard.TESLA_S,
        OcpiConnectorType.Iec60309Single16 => ConnectorStandard.IEC_60309_2_single_16,
        OcpiConnectorType.Iec60309Three16 => ConnectorStandard.IEC_60309_2_three_16,
        OcpiConnectorType.Iec60309Three32 => ConnectorStandard.IEC_60309_2_three_32,
        OcpiConnectorType.Iec60309Three64 => ConnectorStandard.IEC_60309_2_three_64,
        _ => null,
    };

    public static ConnectorFormat Format(OcpiConnectorFormat format) =>
        format == OcpiConnectorFormat.Cable ? ConnectorFormat.Cable : ConnectorFormat.Socket;

    public static ChargePointType ChargePointType(OcpiPowerType powerType) =>
        powerType == OcpiPowerType.Dc ? Protocols.Ochp.ChargePointType.DC : Protocols.Ochp.ChargePointType.AC;

    /// <summary>The OCHP connector, or null when its standard has no OCHP form.</summary>
    public static ConnectorType? Connector(OcpiConnectorType standard, OcpiConnectorFormat format) =>
        Standard(standard) is { } known
            ? new ConnectorType { ConnectorStandard = ConnectorStandardType.Of(known), ConnectorFormat = ConnectorFormatType.Of(Format(format)) }
            : null;

    /// <summary>The OCPI standard of an OCHP one (the inverse of <see cref="Standard"/>).</summary>
    public static OcpiConnectorType OcpiStandard(ConnectorStandard standard) =>
        Enum.GetValues<OcpiConnectorType>().First(ocpi => Standard(ocpi) == standard);

    public static OcpiConnectorFormat OcpiFormat(ConnectorFormat format) =>
        format == ConnectorFormat.Cable ? OcpiConnectorFormat.Cable : OcpiConnectorFormat.Socket;
}
