using System.Text.Json.Nodes;

namespace Roaming.Testing;

/// <summary>
/// The OCPI 2.2.1 example payloads in <c>../shared/spec/ocpi-2.2.1-examples</c> (beside the repository, locally and
/// in CI). Found by walking up from the test binaries, so the tests fail loudly rather than skip when it is missing.
/// </summary>
public static class SpecExamples
{
    public static string Folder { get; } = Locate();

    public static string Read(string fileName) => File.ReadAllText(Path.Combine(Folder, fileName));

    public static JsonObject ReadObject(string fileName) => JsonNode.Parse(Read(fileName))!.AsObject();

    public static System.Text.Json.JsonElement ReadElement(string fileName) =>
        System.Text.Json.JsonDocument.Parse(Read(fileName)).RootElement.Clone();

    public static IReadOnlyList<string> FileNames(string pattern) =>
        Directory.GetFiles(Folder, pattern).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "spec", "ocpi-2.2.1-examples");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException(
            $"shared/spec/ocpi-2.2.1-examples not found above {AppContext.BaseDirectory}; the shared folder must sit beside the repository");
    }
}
