using Microsoft.AspNetCore.Builder;
using Roaming.Audit.SealingHost;
using Roaming.Platform.Hosting;

// Usage: sealing-host <postgres> <schema-prefix> <urls>
var modules = new IRoamingModule[] { new LedgerModule() };
var builder = RoamingApplication.CreateBuilder([], modules, options =>
{
    options.Postgres = args[0];
    options.SchemaPrefix = args[1];
});
builder.WebHost.UseUrls(args[2]);
await RoamingApplication.Build(builder, modules).RunAsync();
