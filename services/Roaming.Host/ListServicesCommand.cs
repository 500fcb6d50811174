using System.CommandLine;

namespace Roaming.Host;

internal static class ListServicesCommand
{
    public static Command Create()
    {
        var command = new Command("list-services", "Print every service that --services accepts, with its dependencies.");
        command.SetAction(_ =>
        {
            foreach (var module in ModuleCatalog.Create().All.OrderBy(m => m.Name))
                Console.WriteLine(module.DependsOn.Count == 0 ? module.Name : $"{module.Name} (needs {string.Join(", ", module.DependsOn)})");
            Console.WriteLine("all (every service above)");
        });
        return command;
    }
}
