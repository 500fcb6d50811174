namespace Roaming.Protocols.Bridge;

/// <summary>
/// A bridge mapping's answer: the object in the other protocol (OCHP from OCPI, OCPI from OCHP), or Refused with every
/// reason the source cannot be expressed there (all at once, never a silent guess or a silent drop). A mapping that yields problems leaves the decision to its caller: keep it for an
/// operator to see, skip one item, or refuse.
/// </summary>
public sealed record Bridged<T>(T? Value, IReadOnlyList<string> Problems) where T : class
{
    public bool IsMapped => Value is not null && Problems.Count == 0;

    public static Bridged<T> Of(T value) => new(value, []);

    public static Bridged<T> Refused(IReadOnlyList<string> problems) => new(null, problems);
}
