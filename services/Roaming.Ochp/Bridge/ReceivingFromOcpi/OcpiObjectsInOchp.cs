using System.Xml.Linq;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Ochp.Authorisations;
using Roaming.Ochp.Bridge.SendingToOcpi;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Participants;
using Roaming.Ochp.Soap;
using Roaming.Ochp.Tariffs;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi.Locations;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Protocols.Ocpi.Tokens;
using DatasetNames = Roaming.Ochp.Datasets.Datasets;

namespace Roaming.Ochp.Bridge.ReceivingFromOcpi;

/// <summary>What one OCPI object becomes on the OCHP side: entries for the participant's datasets, and what could not be bridged.</summary>
public sealed record OcpiObjectInOchp(IReadOnlyDictionary<string, IReadOnlyList<ReceivedEntry>> Entries, IReadOnlyList<string> Problems)
{
    public bool IsRefused => Entries.Count == 0;

    public static OcpiObjectInOchp Refused(IReadOnlyList<string> problems) => new(new Dictionary<string, IReadOnlyList<ReceivedEntry>>(), problems);
}

/// <summary>
/// An OCPI participant's token, location or tariff (as the hub received it) → entries of that participant's OCHP datasets,
/// keyed and owned exactly as an OCHP upload of the same data would be (pure, on the bridge's mappings), so OCHP
/// participants with a roaming connection to the owner read it through GetRoamingAuthorisationList, GetChargePointList,
/// GetStatus and GetTariffUpdates. The owner must be one of the participant's ids, as for an OCHP upload.
/// </summary>
public static class OcpiObjectsInOchp
{
    /// <summary>OCPI gives an EVSE status no ttl: it holds until the CPO sends another, so in OCHP it lasts this long.</summary>
    public static readonly Duration StandingStatus = Duration.FromDays(365);

    /// <summary>ISO 639-3 "undetermined": OCPI does not say the language of a location's name.</summary>
    public const string UndeterminedLanguage = "UND";

    /// <summary>An OCPI e-MSP's token (holder fields in clear) → its authorisation list entry, keyed by EMT-ID.</summary>
    public static OcpiObjectInOchp Token(Token token, OchpParticipant participant, Instant now, Duration validity)
    {
        var mapped = OcpiTokenToOchpAuthorisation.Map(token, now, validity);
        if (!mapped.IsMapped)
            return OcpiObjectInOchp.Refused(mapped.Problems);
        var provider = ProviderId.Parse($"{token.CountryCode}*{token.PartyId}").ToString();
        if (!participant.ProviderIds.Contains(provider))
            return OcpiObjectInOchp.Refused([$"{provider} is not one of the participant's Provider-IDs"]);
        var entry = OchpXml.ToElement(mapped.Value!);
        return Of(DatasetNames.RoamingAuthorisations, [new ReceivedEntry(EmtIdKeys.Of(EmtIdKeys.EmtIdOf(entry)!), provider, entry.Xml(), now)], []);
    }

    /// <summary>
    /// An OCPI CPO's location → one charge point per EVSE and each EVSE's live status. EVSEs of an earlier version that
    /// are no longer in the location (<paramref name="known"/>: the participant's charge points) are sent again Closed.
    /// </summary>
    public static OcpiObjectInOchp Location(Location location, OchpParticipant participant, IEnumerable<ReceivedEntry> known, Instant now)
    {
        var mapped = OcpiLocationToChargePoints.Map(location, UndeterminedLanguage, now);
        var problems = mapped.Problems.ToList();
        var chargePoints = new List<ReceivedEntry>();
        var statuses = new List<ReceivedEntry>();
        foreach (var chargePoint in mapped.ChargePoints)
        {
            var evse = EvseId.Parse(chargePoint.EvseId);
            if (!participant.OperatorIds.Contains(evse.OperatorId.ToString()))
            {
                problems.Add($"EVSE {evse.Text}: {evse.OperatorId} is not one of the participant's Operator-IDs");
                continue;
            }
            chargePoints.Add(new ReceivedEntry(evse.Normalised, evse.OperatorId.ToString(), OchpXml.ToElement(chargePoint).Xml(), now));
            var ocpiStatus = location.Evses!.First(e => EvseId.Same(e.EvseId, chargePoint.EvseId)).Status?.Text ?? "UNKNOWN";
            var (major, minor) = OcpiEvseStatusToOchpStatus.Map(ocpiStatus);
            var status = new EvseStatusType { EvseId = evse.Text, Major = major, MinorStatus = minor };
            statuses.Add(new ReceivedEntry(evse.Normalised, evse.OperatorId.ToString(), OchpXml.ToElement(status).Xml(), now, now + StandingStatus));
        }
        var locationId = OcpiLocationToChargePoints.LocationId(location.Id ?? "");
        var owner = $"{location.CountryCode}*{location.PartyId}".ToUpperInvariant();
        var kept = chargePoints.Select(c => c.Key).ToHashSet();
        foreach (var gone in known.Where(e => e.Owner == owner && !kept.Contains(e.Key) && OchpUploadsInOcpi.LocationIdOf(e) == locationId))
        {
            var chargePoint = gone.As<ChargePointInfo>();
            if (chargePoint.Status?.Value != ChargePointStatus.Closed)
                chargePoints.Add(gone with { Xml = OchpXml.ToElement(OcpiLocationToChargePoints.Closed(chargePoint, now)).Xml(), ReceivedAt = now });
        }
        if (chargePoints.Count == 0)
            return OcpiObjectInOchp.Refused(problems.Count > 0 ? problems : [$"location {location.Id} has no EVSE"]);
        var entries = new Dictionary<string, IReadOnlyList<ReceivedEntry>> { [DatasetNames.ChargePoints] = chargePoints };
        if (statuses.Count > 0)
            entries[DatasetNames.EvseStatus] = statuses;
        return new OcpiObjectInOchp(entries, problems);
    }

    /// <summary>An OCPI CPO's tariff → its OCHP tariff (a default individual tariff), keyed by its compact OCHP tariff id.</summary>
    public static OcpiObjectInOchp Tariff(Tariff tariff, OchpParticipant participant, Instant now)
    {
        if (!OperatorId.TryParse($"{tariff.CountryCode}*{tariff.PartyId}", out var operatorId))
            return OcpiObjectInOchp.Refused([$"'{tariff.CountryCode}*{tariff.PartyId}' is not an Operator-ID"]);
        if (!participant.OperatorIds.Contains(operatorId.ToString()))
            return OcpiObjectInOchp.Refused([$"{operatorId} is not one of the participant's Operator-IDs"]);
        var mapped = OcpiTariffToOchpTariff.Map(tariff, operatorId);
        if (!mapped.IsMapped)
            return OcpiObjectInOchp.Refused(mapped.Problems);
        return Of(DatasetNames.Tariffs,
            [new ReceivedEntry(TariffKey(operatorId, tariff.Id!), operatorId.ToString(), OchpXml.ToElement(mapped.Value!).Xml(), now)],
            []);
    }

    /// <summary>The dataset key of an OCPI tariff's OCHP form: its compact OCHP tariff id (what <see cref="Tariff"/> stores it under).</summary>
    public static string TariffKey(OperatorId operatorId, string ocpiTariffId) =>
        UpdatingTariffs.Compact(OcpiTariffToOchpTariff.TariffId(operatorId, ocpiTariffId));

    private static OcpiObjectInOchp Of(string dataset, IReadOnlyList<ReceivedEntry> entries, IReadOnlyList<string> problems) =>
        new(new Dictionary<string, IReadOnlyList<ReceivedEntry>> { [dataset] = entries }, problems);
}
