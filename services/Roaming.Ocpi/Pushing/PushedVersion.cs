namespace Roaming.Ocpi.Pushing;

/// <summary>
/// The version of one of our objects (a location or a session) that a partner was last sent, so that the next change is
/// pushed as the difference (<see cref="SmallestPushes"/>). Per partner: one that registered later, or whose push
/// failed, has no version and gets the whole object.
/// </summary>
public sealed record PushedVersion(string Id, string PartnerId, string ObjectKey, string Json)
{
    public static string IdFor(string partnerId, string objectKey) => $"{partnerId}/{objectKey}";
}
