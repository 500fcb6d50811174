using Roaming.Ocpi.Partners;

namespace Roaming.Ocpi.Pushing;

/// <summary>
/// Told after every call to a partner whether it answered at all. The delivery worker tells it after each attempt, the
/// hub's forwarder after each forwarded call; the hub records a participant's platform OFFLINE or CONNECTED from it
/// (Hub/Clients/PlatformReachabilityRecorder). Must be cheap: it is called on the forwarding path.
/// </summary>
public interface IPartnerReachability
{
    /// <summary>The partner answered (whatever it answered): it can be reached.</summary>
    void Answered(Partner partner, string actor);

    /// <summary>The partner could not be reached (refused, reset, timed out, 502/503/504 ...); <paramref name="why"/> says how.</summary>
    void Unreachable(Partner partner, string why, string actor);
}
