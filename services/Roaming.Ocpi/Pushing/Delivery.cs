using NodaTime;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Pushing;

/// <summary>Where a delivery stands. Queued and retrying ones are still owed; the other three are final (and kept).</summary>
public static class DeliveryStatus
{
    /// <summary>Not tried yet (or re-queued by an operator).</summary>
    public const string Queued = "queued";
    /// <summary>Tried; the partner did not take it yet (unreachable, 408, 429, 5xx, OCPI "try later"): tried again after a backoff.</summary>
    public const string Retrying = "retrying";
    public const string Delivered = "delivered";
    /// <summary>The partner refused it (4xx other than 408/429, OCPI 2xxx ...): sending it again unchanged would be refused again.</summary>
    public const string Rejected = "rejected";
    /// <summary>Still not taken when <c>Roaming:Ocpi:DeliveryGiveUpAfter</c> had passed since it was queued.</summary>
    public const string Expired = "expired";

    public static readonly IReadOnlyList<string> All = [Queued, Retrying, Delivered, Rejected, Expired];

    /// <summary>The final states an operator can re-queue.</summary>
    public static readonly IReadOnlyList<string> Resendable = [Rejected, Expired];

    public static bool IsWaiting(string status) => status is Queued or Retrying;
}

/// <summary>
/// One request we owe a partner (a push or a command result). Its id is derived from what it carries, so a redelivered
/// message plans the same delivery again instead of a second one; a CDR POST, which is not idempotent, is planned
/// once per (partner, CDR) and never sent again after the partner acknowledged it.
/// </summary>
public sealed record Delivery(
    string Id,
    string PartnerId,
    string Module,
    string Method,
    string Url,
    string? Body,
    string? ToCountryCode,
    string? ToPartyId,
    string Status,
    int Attempts,
    Instant CreatedAt,
    Instant NextAttemptAt,
    string? LastAnswer,
    Instant? FinishedAt,
    /// <summary>The key of our object this request pushes (null for command results).</summary>
    string? ObjectKey = null,
    /// <summary>When an operator last re-queued it: its place in the queue and its give-up ceiling count from here.</summary>
    Instant? RequeuedAt = null,
    string? RequeuedBy = null,
    /// <summary>The <c>OCPI-from-*</c> party when it is not our own (the hub re-sends a participant's object as that participant).</summary>
    string? FromCountryCode = null,
    string? FromPartyId = null)
{
    /// <summary>Since when it is owed: the order among the requests for one object and the start of the give-up ceiling.</summary>
    public Instant QueuedAt => RequeuedAt ?? CreatedAt;

    /// <summary>Requests for one object go in order (a PATCH never overtakes its PUT); a command result stands alone.</summary>
    public string OrderingKey => ObjectKey ?? Id;

    // The instants as SQL compares them (NodaTime Instants are stored as text): the worker and the operator API ask the
    // database for what is due and for the oldest, instead of loading a long queue.
    public DateTimeOffset CreatedAtUtc => CreatedAt.ToDateTimeOffset();
    public DateTimeOffset QueuedAtUtc => QueuedAt.ToDateTimeOffset();
    public DateTimeOffset NextAttemptAtUtc => NextAttemptAt.ToDateTimeOffset();
}

/// <summary>An operator put a rejected or expired delivery back into the queue (stream <c>deliveries/{delivery id}</c>).</summary>
public sealed record DeliveryRequeued(string DeliveryId, string PartnerId, string PreviousStatus, string? PreviousAnswer, string Actor, Instant At)
{
    public static string StreamOf(string deliveryId) => $"deliveries/{deliveryId}";
}

/// <summary>What one answer of the partner means for the request.</summary>
public enum Verdict
{
    Delivered,
    /// <summary>Refused: sending the same request again would be refused again.</summary>
    Rejected,
    /// <summary>This request did not go through now (a 500, an OCPI server or hub error): retry it later, the partner is up.</summary>
    RetryLater,
    /// <summary>The partner cannot be reached or asks us to slow down: retry later, and hold its other requests until then.</summary>
    PartnerUnreachable,
}

/// <summary>The retry settings: the first wait, the longest wait, and how long a request is retried at all.</summary>
public sealed record RetryTimings(Duration FirstRetryAfter, Duration MaxRetryInterval, Duration GiveUpAfter);

/// <summary>
/// Pure retry policy. Connection errors, timeouts, HTTP 408, 429 and 5xx, and the OCPI codes that mean "try later" are
/// retried with exponential backoff and jitter, for as long as <see cref="RetryTimings.GiveUpAfter"/> allows; any other
/// refusal is final and recorded with the partner's message.
/// </summary>
public static class DeliveryPolicy
{
    public static Verdict Judge(OcpiAnswer answer) => answer.HttpStatus switch
    {
        null => Verdict.PartnerUnreachable,
        { } http when (int)http is 408 or 429 or 502 or 503 or 504 => Verdict.PartnerUnreachable,
        { } http when (int)http >= 500 => Verdict.RetryLater,
        { } http when (int)http is >= 200 and < 300 => JudgeOcpiStatus(answer.StatusCode),
        _ => Verdict.Rejected,
    };

    /// <summary>
    /// OCPI codes in a 2xx answer (transport_and_format 5): 1xxx taken; 2xxx the partner refuses the request; 3001-3003 and
    /// 4001 the connection itself needs an operator (versions, endpoints, an unknown receiver behind a hub); other 3xxx and
    /// 4xxx are the receiver's or the hub's passing trouble (3000 generic, 4002 forwarded request timed out, 4003 receiver
    /// not connected). A 2xx without an OCPI envelope counts as taken, as before.
    /// </summary>
    public static Verdict JudgeOcpiStatus(int? statusCode) => statusCode switch
    {
        null => Verdict.Delivered,
        >= 1000 and < 2000 => Verdict.Delivered,
        OcpiStatus.UnableToUseClientApi or OcpiStatus.UnsupportedVersion or OcpiStatus.NoMatchingEndpoints => Verdict.Rejected,
        OcpiStatus.UnknownReceiver => Verdict.Rejected,
        >= 3000 and < 5000 => Verdict.RetryLater,
        _ => Verdict.Rejected,
    };

    /// <summary>The delivery after one attempt that got <paramref name="answer"/>; <paramref name="jitter"/> is uniform in [0, 1).</summary>
    public static Delivery After(Delivery delivery, OcpiAnswer answer, Instant now, RetryTimings timings, double jitter)
    {
        var tried = delivery with { Attempts = delivery.Attempts + 1, LastAnswer = answer.Describe() };
        switch (Judge(answer))
        {
            case Verdict.Delivered:
                return tried with { Status = DeliveryStatus.Delivered, FinishedAt = now };
            case Verdict.Rejected:
                return tried with { Status = DeliveryStatus.Rejected, FinishedAt = now };
        }
        var giveUpAt = GiveUpAt(delivery, timings);
        if (now >= giveUpAt)
            return tried with { Status = DeliveryStatus.Expired, FinishedAt = now };
        var wait = Backoff(tried.Attempts, timings, jitter);
        if (answer.RetryAfter is { } asked && Duration.FromTimeSpan(asked) > wait)
            wait = Duration.FromTimeSpan(asked);
        // One last attempt right at the ceiling rather than giving up early or late.
        var next = now + wait;
        return tried with { Status = DeliveryStatus.Retrying, NextAttemptAt = next < giveUpAt ? next : giveUpAt };
    }

    public static Instant GiveUpAt(Delivery delivery, RetryTimings timings) => delivery.QueuedAt + timings.GiveUpAfter;

    /// <summary>
    /// The wait after the <paramref name="attempts"/>-th failed attempt: the first wait doubled per further attempt, capped
    /// at the longest wait, then spread over its upper half by the jitter (so that the requests a partner's outage held back
    /// do not all come back in the same second).
    /// </summary>
    public static Duration Backoff(int attempts, RetryTimings timings, double jitter)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 62);
        var uncapped = timings.FirstRetryAfter.TotalTicks * Math.Pow(2, doublings);
        var capped = Math.Min(uncapped, timings.MaxRetryInterval.TotalTicks);
        return Duration.FromTicks((long)(capped * (0.5 + 0.5 * Math.Clamp(jitter, 0, 1))));
    }

    /// <summary>Given up without another call: the partner is unreachable and the ceiling has passed while it waited its turn.</summary>
    public static Delivery Expire(Delivery delivery, Instant now, string reason) =>
        delivery with { Status = DeliveryStatus.Expired, FinishedAt = now, LastAnswer = delivery.LastAnswer is null ? reason : $"{reason}; last answer: {delivery.LastAnswer}" };

    /// <summary>An operator's resend: queued again behind what is queued now, with a fresh ceiling and a fresh backoff.</summary>
    public static Delivery Requeue(Delivery delivery, Instant now, string actor) =>
        delivery with
        {
            Status = DeliveryStatus.Queued, Attempts = 0, NextAttemptAt = now, FinishedAt = null, RequeuedAt = now, RequeuedBy = actor,
        };
}

/// <summary>Pure: which waiting deliveries may be sent now.</summary>
public static class DeliveryQueue
{
    /// <summary>
    /// Per partner, in queue order: the first waiting request of each object (a later one waits until it is delivered,
    /// rejected or expired, so a PATCH never overtakes its PUT or POST), when its next attempt is due.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Delivery>> DueHeads(IEnumerable<Delivery> waiting, Instant now) =>
        waiting.Where(d => DeliveryStatus.IsWaiting(d.Status))
            .GroupBy(d => (d.PartnerId, d.OrderingKey))
            .Select(chain => chain.OrderBy(d => d.QueuedAt).ThenBy(d => d.Id, StringComparer.Ordinal).First())
            .Where(head => head.NextAttemptAt <= now)
            .GroupBy(head => head.PartnerId)
            .ToDictionary(heads => heads.Key,
                heads => (IReadOnlyList<Delivery>)[.. heads.OrderBy(d => d.QueuedAt).ThenBy(d => d.Id, StringComparer.Ordinal)]);
}
