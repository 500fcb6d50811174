using System.Xml.Linq;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Contracts.Identifiers;
using Roaming.Ochp.Client.Emsp.Tariffs;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ochp.Client.Emsp.Cdrs;

/// <summary>
/// The decisions when the clearing house hands our e-MSP role CDRs (pure): which are new, which tariff prices each, and
/// what goes to Charging for re-pricing, or the decline when a CDR cannot be re-priced at all.
/// </summary>
public static class PartnerCdrReceptions
{
    /// <summary>
    /// The round a fetched CDR starts, or null when we already have it in hand. GetCDRs keeps returning a CDR until we
    /// confirm it, so a known one is new again only when the CPO revised it after our answer.
    /// </summary>
    public static int? NewRound(ReceivedCdr? known, CdrStatus status) => known switch
    {
        null => 1,
        { State: ReceivedCdr.Confirmed or ReceivedCdr.ConfirmationRefused } when status == CdrStatus.Revised => known.Round + 1,
        _ => null,
    };

    /// <summary>
    /// The tariff of a CDR: the one its connector names; when it names none, the only tariff its operator published for
    /// us (an operator with several leaves the CDR without one: guessing could approve a wrong price).
    /// </summary>
    public static ReceivedTariff? TariffFor(CdrInfo cdr, OperatorId? cdrOperator, IReadOnlyList<ReceivedTariff> tariffs)
    {
        if (cdr.ConnectorType.TariffId is { Length: > 0 } named)
            return tariffs.FirstOrDefault(t => SameTariffId(t.TariffId, named));
        var ofOperator = tariffs.Where(t => cdrOperator is { } op && t.OperatorId == op.ToString()).ToList();
        return ofOperator.Count == 1 ? ofOperator[0] : null;
    }

    /// <summary>
    /// What follows the receipt of a new round: the question to Charging, or, when the CDR or its tariff cannot be
    /// expressed in OCPI (or there is no tariff), the decline with the reason. A CDR we cannot check is never approved.
    /// </summary>
    public static object Reconcile(string key, CdrInfo cdr, string protectedContractId, ReceivedTariff? tariff, ProviderId us, Instant now)
    {
        var cdrOperator = EvseId.TryParse(cdr.EvseId, out var evse) ? evse.OperatorId : (OperatorId?)null;
        if (tariff is null)
            return Declined(key, cdr.ConnectorType.TariffId is { Length: > 0 } named
                ? $"tariff {named} named by the CDR was not received from the clearing house"
                : $"the CDR names no tariff and operator {cdrOperator?.ToString() ?? "?"} has not published exactly one for us", now);
        var ocpiTariff = OchpTariffToOcpiTariff.Map(OchpXml.FromElement<TariffInfo>(XElement.Parse(tariff.Xml)), us, tariff.ReceivedAt);
        if (!ocpiTariff.IsMapped)
            return Declined(key, $"tariff {tariff.TariffId} cannot be re-priced: {string.Join("; ", ocpiTariff.Problems)}", now);
        var ocpiCdr = OchpCdrToOcpiCdr.Map(cdr, protectedContractId, ocpiTariff.Value!.Id, now);
        if (!ocpiCdr.IsMapped)
            return Declined(key, $"the CDR cannot be re-priced: {string.Join("; ", ocpiCdr.Problems)}", now);
        var cdrJson = OcpiJson.Serialize(ocpiCdr.Value!);
        return new PartnerCdrReconciliationAsked(key, ocpiCdr.Value!.CountryCode!, ocpiCdr.Value.PartyId!, cdr.CdrId, cdrJson,
            [OcpiJson.Serialize(ocpiTariff.Value)], ocpiTariff.Value.Id, ZoneOf(cdr), now);
    }

    /// <summary>
    /// The CDR's zone as NodaTime names a fixed offset (<c>UTC+01</c>), from its local start time: OCHP CDRs carry no IANA
    /// zone. Restrictions by time of day are then right unless the session crosses a daylight-saving change.
    /// </summary>
    public static string? ZoneOf(CdrInfo cdr) =>
        LocalDateTimeType.TryParse(cdr.StartDateTime.LocalDateTime, out var start) ? DateTimeZone.ForOffset(start.Offset).Id : null;

    /// <summary>The CDR's XML as we keep it: the <c>contractId</c> replaced by its encrypted form.</summary>
    public static string KeptXml(CdrInfo cdr, string protectedContractId)
    {
        var element = OchpXml.ToElement(cdr);
        element.Element(XName.Get("contractId", OchpNamespaces.Ochp))?.SetValue(protectedContractId);
        return element.ToString(SaveOptions.DisableFormatting);
    }

    public static PartnerCdrDecided Decide(PartnerCdrReconciled outcome, string key, Instant now) => new(key,
        outcome.Outcome == PartnerCdrOutcomes.Verified ? CdrDecisions.Approved : CdrDecisions.Declined, outcome.Outcome, outcome.Differences,
        outcome.Outcome switch
        {
            PartnerCdrOutcomes.Verified => null,
            PartnerCdrOutcomes.Discrepancy => "differs from our re-pricing: " +
                string.Join(", ", outcome.Differences.Select(d => $"{d.Total} {Amount(d.Theirs)} (ours {Amount(d.Ours)})")),
            _ => $"could not be re-priced: {outcome.Reason}",
        }, now);

    private static string Amount(decimal? amount) => amount?.ToString("0.00##########", System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    private static PartnerCdrDecided Declined(string key, string reason, Instant now) =>
        new(key, CdrDecisions.Declined, PartnerCdrOutcomes.NotReconciled, [], reason, now);

    private static bool SameTariffId(string left, string right) =>
        string.Equals(left.Replace("*", "", StringComparison.Ordinal), right.Replace("*", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

    public static string StatusText(CdrStatus status) => status switch
    {
        CdrStatus.New => "new",
        CdrStatus.Accepted => "accepted",
        CdrStatus.Rejected => "rejected",
        CdrStatus.Declined => "declined",
        CdrStatus.Approved => "approved",
        _ => "revised",
    };
}
