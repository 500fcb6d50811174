namespace Roaming.Ochp.Mapping;

/// <summary>
/// A mapping's answer: the OCHP (or OCPI) object, or why the source cannot be expressed in the other protocol (every
/// reason at once, never a silent guess). A mapping that yields problems leaves the decision to its caller: keep it for an
/// operator to see, skip one item, or refuse.
/// </summary>
public sealed record OchpMapped<T>(T? Value, IReadOnlyList<string> Problems) where T : class
{
    public bool IsMapped => Value is not null && Problems.Count == 0;

    public static OchpMapped<T> Of(T value) => new(value, []);

    public static OchpMapped<T> Refused(IReadOnlyList<string> problems) => new(null, problems);
}
