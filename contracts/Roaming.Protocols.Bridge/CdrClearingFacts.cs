using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi.Cdrs;

namespace Roaming.Protocols.Bridge;

/// <summary>
/// A CDR as the clearing workflow takes it (<see cref="CdrForClearing"/>), whatever protocol it came in: the neutral facts
/// of its OCHP form (the form the plausibility rules and the OCHP e-MSPs read) and the document as received. An OCPI
/// CPO's CDR gets the OCHP form <see cref="OcpiCdrToOchpCdr"/> gives it, so its <c>CdrId</c> is OCHP's (the EVSE's
/// Operator-ID without separator, then the OCPI id or its hash): the id under which an OCHP e-MSP confirms it and the
/// clearing house keeps it, the same every time the CDR is pushed again.
/// </summary>
public static class CdrClearingFacts
{
    public const string OchpProtocol = "ochp-1.4";
    public const string OcpiProtocol = "ocpi-2.2.1";

    /// <summary>The facts of a schema-valid OCHP CDR, with <paramref name="document"/> (the CDR as received) kept beside them.</summary>
    public static CdrForClearing Of(CdrInfo cdr, string protocol, string document) => new(
        cdr.CdrId,
        cdr.EvseId,
        cdr.ContractId,
        WireText.Of(cdr.Status.Value),
        cdr.StartDateTime.ToOffsetDateTime(),
        cdr.EndDateTime.ToOffsetDateTime(),
        cdr.Currency,
        cdr.TotalCost,
        cdr.ChargingPeriods.Select(p => new CdrPeriodForClearing(
            p.StartDateTime.ToOffsetDateTime(),
            p.EndDateTime.ToOffsetDateTime(),
            WireText.Of(p.BillingItem.Value),
            p.BillingValue,
            p.ItemPrice,
            p.PeriodCost,
            p.TaxRate)).ToList(),
        SchemaProblem: null,
        protocol,
        document);

    /// <summary>
    /// An OCPI 2.2.1 CDR an OCPI CPO pushed to the hub (<paramref name="json"/> as received) → its clearing facts, or every
    /// reason it has no OCHP form (then no OCHP e-MSP could read it either). Times are UTC (an OCPI CDR names no zone).
    /// </summary>
    public static Bridged<CdrForClearing> OfOcpi(Cdr cdr, string json)
    {
        var mapped = OchpFormOf(cdr);
        return mapped.IsMapped ? Bridged<CdrForClearing>.Of(Of(mapped.Value!, OcpiProtocol, json)) : Bridged<CdrForClearing>.Refused(mapped.Problems);
    }

    /// <summary>The OCHP form of an OCPI CPO's CDR: its EVSE's operator's CdrId and tariff ids, UTC times.</summary>
    public static Bridged<CdrInfo> OchpFormOf(Cdr cdr) =>
        EvseId.TryParse(cdr.CdrLocation?.EvseId, out var evse)
            ? OcpiCdrToOchpCdr.Map(cdr, evse.OperatorId, DateTimeZone.Utc)
            : Bridged<CdrInfo>.Refused([$"cdr_location.evse_id '{cdr.CdrLocation?.EvseId}' is not an EVSE-ID"]);
}
