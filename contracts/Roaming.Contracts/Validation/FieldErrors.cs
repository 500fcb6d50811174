namespace Roaming.Contracts.Validation;

/// <summary>
/// Collects every invalid field of an input (not just the first), keyed by its JSON path
/// (for example <c>evses[0].connectors[1].standard</c>), so a 400 answer names each one.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }
        messages.Add(message);
        return this;
    }

    /// <summary>Every error of an embedded object's own validation, under <paramref name="path"/>.</summary>
    public void Include(string path, FieldErrors inner)
    {
        foreach (var (field, messages) in inner._errors)
        {
            foreach (var message in messages)
                Add(Path(path, field), message);
        }
    }

    public void Required(string field, object? value)
    {
        if (value is null || value is string s && string.IsNullOrWhiteSpace(s))
            Add(field, "is required");
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
            Add(field, $"must be at most {max} characters");
    }

    /// <summary>Required string of at most <paramref name="max"/> characters (OCPI <c>string(n)</c> / <c>CiString(n)</c>).</summary>
    public void RequiredString(string field, string? value, int max)
    {
        Required(field, value);
        MaxLength(field, value, max);
    }

    public void OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is not null && !allowed.Contains(value))
            Add(field, $"must be one of {string.Join(", ", allowed)}");
    }

    public static string Path(string parent, string child) => parent.Length == 0 ? child : $"{parent}.{child}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
