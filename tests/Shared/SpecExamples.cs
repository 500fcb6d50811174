using System.Text.Json.Nodes;

namespace Roaming.Testing;

/// <summary>
/// The protocol artifacts in the repository's <c>spec/</c> folder (see <c>spec/README.md</c> for their sources),
/// found by walking up from the test binaries to <c>Roaming.sln</c>, so a missing folder fails loudly instead of skipping.
/// </summary>
public static class SpecFolder
{
    private static readonly Lazy<string> RootPath = new(Locate);

    /// <summary>The repository's <c>spec/</c> folder.</summary>
    public static string Root => RootPath.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(directory.FullName, "Roaming.sln"))) continue;
            var spec = System.IO.Path.Combine(directory.FullName, "spec");
            return Directory.Exists(spec)
                ? spec
                : throw new DirectoryNotFoundException($"the repository at {directory.FullName} has no spec/ folder");
        }
        throw new DirectoryNotFoundException($"no Roaming.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>The OCPI 2.2.1 example payloads in <c>spec/ocpi-2.2.1-examples</c>, as published (file names unchanged).</summary>
public static class SpecExamples
{
    public static string Folder => SpecFolder.Path("ocpi-2.2.1-examples");

    public static string Read(string fileName) => File.ReadAllText(System.IO.Path.Combine(Folder, fileName));

    public static JsonObject ReadObject(string fileName) => JsonNode.Parse(Read(fileName))!.AsObject();

    public static System.Text.Json.JsonElement ReadElement(string fileName) =>
        System.Text.Json.JsonDocument.Parse(Read(fileName)).RootElement.Clone();

    public static IReadOnlyList<string> FileNames(string pattern) =>
        Directory.GetFiles(Folder, pattern).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
}
