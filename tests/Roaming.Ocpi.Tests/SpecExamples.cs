using System.Text.Json;
using Roaming.Testing;

namespace Roaming.Ocpi.Tests;

/// <summary>The OCPI 2.2.1 example payloads in <c>../shared/spec/ocpi-2.2.1-examples</c> (beside the repository).</summary>
public static class SpecExamples
{
    public static string Folder
    {
        get
        {
            var directory = new DirectoryInfo(TestServers.RepositoryRoot);
            while (directory is not null)
            {
                var candidate = Path.Combine(directory.FullName, "shared", "spec", "ocpi-2.2.1-examples");
                if (Directory.Exists(candidate))
                    return candidate;
                directory = directory.Parent;
            }
            throw new InvalidOperationException("shared/spec/ocpi-2.2.1-examples not found");
        }
    }

    public static JsonElement Read(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file))).RootElement.Clone();
}
