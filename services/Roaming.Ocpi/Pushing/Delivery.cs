using NodaTime;

namespace Roaming.Ocpi.Pushing;

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
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
    string? ObjectKey = null);

/// <summary>Pure retry policy: network errors and 5xx are retried with exponential backoff; any other refusal is final.</summary>
public static class DeliveryPolicy
{
    public const int MaxAttempts = 8;

    public static Delivery After(Delivery delivery, Transport.OcpiAnswer answer, Instant now)
    {
        var attempts = delivery.Attempts + 1;
        if (answer.IsSuccess)
            return delivery with { Status = DeliveryStatus.Delivered, Attempts = attempts, LastAnswer = answer.Describe(), FinishedAt = now };
        if (answer.IsTransient && attempts < MaxAttempts)
            return delivery with { Attempts = attempts, LastAnswer = answer.Describe(), NextAttemptAt = now + Backoff(attempts) };
        return delivery with { Status = DeliveryStatus.Failed, Attempts = attempts, LastAnswer = answer.Describe(), FinishedAt = now };
    }

    public static Duration Backoff(int attempts) => Duration.FromSeconds(Math.Min(300, Math.Pow(2, attempts - 1)));
}
