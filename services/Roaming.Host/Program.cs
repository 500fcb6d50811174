using System.CommandLine;
using Roaming.Host;

var root = new RootCommand("Roaming: event-sourced roaming and clearing-house backend for EV charging (OCPP, OCPI).");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(ListServicesCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
return await root.Parse(args).InvokeAsync();

/// <summary>Lets tests boot the real host.</summary>
public partial class Program;
