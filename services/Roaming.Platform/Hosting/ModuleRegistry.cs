namespace Roaming.Platform.Hosting;

/// <summary>
/// Validates module names and dependencies, expands the composite target <c>all</c> and orders modules so that
/// a module starts after what it depends on (hosted services start in registration order and stop in reverse).
/// </summary>
public sealed class ModuleRegistry
{
    public const string AllTarget = "all";

    private readonly Dictionary<string, IRoamingModule> _modules;

    public ModuleRegistry(IEnumerable<IRoamingModule> modules)
    {
        _modules = new Dictionary<string, IRoamingModule>(StringComparer.Ordinal);
        foreach (var module in modules)
        {
            if (!_modules.TryAdd(module.Name, module))
                throw new InvalidOperationException($"Module '{module.Name}' is registered twice.");
        }
        foreach (var module in _modules.Values)
        {
            foreach (var dependency in module.DependsOn)
            {
                if (!_modules.ContainsKey(dependency))
                    throw new InvalidOperationException($"Module '{module.Name}' depends on unknown module '{dependency}'.");
            }
        }
        // Fail at start-up on a cycle rather than at the first resolve.
        _ = Order(_modules.Keys);
    }

    public IReadOnlyCollection<IRoamingModule> All => _modules.Values;

    /// <summary>Resolves a target list such as <c>ingest,charging</c> (or <c>all</c>) into modules in start order.</summary>
    public IReadOnlyList<IRoamingModule> Resolve(string targets)
    {
        var requested = targets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (requested.Length == 0 || requested.Contains(AllTarget))
            return Order(_modules.Keys);

        var unknown = requested.Where(name => !_modules.ContainsKey(name)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"Unknown service(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", _modules.Keys.Order())}, {AllTarget}.");
        return Order(requested);
    }

    private List<IRoamingModule> Order(IEnumerable<string> roots)
    {
        var ordered = new List<IRoamingModule>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false = visiting, true = done
        foreach (var root in roots.Order(StringComparer.Ordinal))
            Visit(root, []);
        return ordered;

        void Visit(string name, List<string> path)
        {
            if (state.TryGetValue(name, out var done))
            {
                if (!done)
                    throw new InvalidOperationException($"Module dependency cycle: {string.Join(" -> ", path.Append(name))}.");
                return;
            }
            state[name] = false;
            var module = _modules[name];
            foreach (var dependency in module.DependsOn)
                Visit(dependency, [.. path, name]);
            state[name] = true;
            ordered.Add(module);
        }
    }
}
