using NodaTime;

namespace Roaming.Ingest.Reservations;

/// <summary>
/// The durable mapping from a requester's reservation (OCPI: partner + reservation_id, a string of up to 36 characters)
/// to the integer id OCPP wants. <see cref="Id"/> is assigned by Marten's HiLo sequence, so it is unique across every
/// charger (OCPI requires it unique at the charge point, which stops one e-MSP from cancelling another's reservation).
/// Written in the same commit as the command's inbox row, before the CALL goes out, and kept for the reservation's life:
/// a RESERVE_NOW with the same key replaces the reservation under the same id, a CANCEL_RESERVATION finds it here.
/// </summary>
public sealed class OcppReservation
{
    public int Id { get; set; }
    /// <summary><c>ChargePointCommandParameters.ReservationKey</c>: unique per requester.</summary>
    public string Key { get; set; } = "";
    public string ChargePointId { get; set; } = "";
    public string IdTag { get; set; } = "";
    public Instant ExpiresAt { get; set; }
    public string? AuthorizationReference { get; set; }
}

// Facts of the charge point stream about its reservations.

/// <summary>We asked the charger to reserve (recorded before the CALL goes out, like a remote start).</summary>
public sealed record ReservationRequested(string ChargePointId, int ReservationId, string Key, string IdTag, Instant ExpiresAt,
    string? AuthorizationReference, Guid CommandId, Instant RequestedAt);

/// <summary>A reservation ended without becoming a transaction: cancelled on request, or (2.0.1 ReservationStatusUpdate) expired or removed.</summary>
/// <param name="Reason">Cancelled, Expired or Removed.</param>
public sealed record ReservationEnded(string ChargePointId, int ReservationId, string Reason, Instant At);

/// <summary>A reservation Ingest made that the charger still holds, as far as Ingest knows.</summary>
public sealed record HeldReservation(int ReservationId, string IdTag, Instant ExpiresAt, string? AuthorizationReference);
