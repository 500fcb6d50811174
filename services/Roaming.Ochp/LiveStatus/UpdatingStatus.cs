using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ochp.ChargePoints;
using Roaming.Ochp.Bridge.SendingToOcpi;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Soap;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.LiveStatus;

/// <summary>
/// UpdateStatus (live port): an operator reports the status of its EVSEs. Each status lives until its own <c>ttl</c>,
/// else the request's, else <see cref="OchpOptions.DefaultStatusTtl"/> after receipt. Parking status is not kept.
/// </summary>
public static class UpdatingStatus
{
    public static OchpHandlers AddStatusUpdates(this OchpHandlers handlers) => handlers.Add("UpdateStatus", Handle);

    /// <summary>When a status received at <paramref name="receivedAt"/> expires: its own ttl, the request's, or the default.</summary>
    public static Instant ExpiresAt(Instant? own, Instant? request, Instant receivedAt, Duration defaultTtl) =>
        own ?? request ?? receivedAt + defaultTtl;

    private static async Task<XElement> Handle(OchpCall call)
    {
        var defaultTtl = call.Services.GetRequiredService<IOptions<OchpOptions>>().Value.StatusTtl;
        var requestTtl = call.Read<UpdateStatusRequest>().Ttl?.ToInstant();
        var verdicts = Uploads.Judge(call, "evse", evse =>
        {
            Instant? own;
            try
            {
                own = new EvseStatusType { TtlText = evse.Attribute("ttl")?.Value }.Ttl;
            }
            catch (FormatException)
            {
                return ItemVerdict.Refused(evse, $"ttl {evse.Attribute("ttl")?.Value} is not a date and time with zone");
            }
            return UploadingChargePoints.JudgeEvse(call.Caller, evse, evse.Child("evseId") ?? "", evseId =>
                new ReceivedEntry(evseId.Normalised, evseId.OperatorId.ToString(), evse.Xml(), call.ReceivedAt,
                    ExpiresAt(own, requestTtl, call.ReceivedAt, defaultTtl)));
        }).Concat(call.Items("parking").Select(p => ItemVerdict.Refused(p.Item, "parking status is not kept by this clearing house"))).ToList();
        var accepted = verdicts.AcceptedEntries();
        if (accepted.Count > 0)
            await call.Append(Datasets.Datasets.EvseStatus, new EvseStatusUpdated(call.Caller.ParticipantId, accepted), BridgingUploads.Statuses(call, accepted));
        return OchpResponses.Of(call.Operation, Uploads.Decide(verdicts),
            Uploads.Describe(verdicts, item => item.Child("evseId") is { } evse ? $"EVSE {evse}" : $"parking {item.Child("parkingId")}"));
    }
}
