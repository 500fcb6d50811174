using BenchmarkDotNet.Running;
using Roaming.Benchmarks.OcppLoad;

// Roaming benchmarks and load drivers (commands and current figures: docs/benchmarks.md).
//   dotnet run -c Release --project tests/Roaming.Benchmarks -- [BenchmarkDotNet args, e.g. --filter '*PriceSession*' or '*OcppSchemaValidation*']
//   dotnet run -c Release --project tests/Roaming.Benchmarks -- ocpp-load --help
//   dotnet run -c Release --project tests/Roaming.Benchmarks -- ochp-load --help   (AddCDRs batches; --echo: bare SoapCore baseline)
//   dotnet run -c Release --project tests/Roaming.Benchmarks -- audit verify-bundle [EVENTS] | seal [SECONDS]
//   dotnet run -c Release --project tests/Roaming.Benchmarks -- downstream drain [--sessions N] [--samples N] [--transport inmemory|rabbitmq]
//   dotnet run -c Release --project tests/Roaming.Benchmarks -- settlement-pdf [--lines 10000] [--runs 3] [--out statement.pdf]
//   dotnet run -c Release --project tests/Roaming.Benchmarks -- settlement-close [--cdrs 1000000] [--agreements 100] [--parallel 2]
//   dotnet run -c Release --project tests/Roaming.Benchmarks -- ocpi-paging [--cdrs 1000000] [--other-party-share 10]
//   dotnet run -c Release --project tests/Roaming.Benchmarks -- hub-forward [--platforms 100] [--rate 1000|250,500,1000] [--repeat 1] [--seconds 30]
//     (starts the hub as a child process: hub-forward-hub)
//   dotnet run -c Release --project tests/Roaming.Benchmarks -- pricing-loop price|issue SIZE SECONDS   (for a profiler)
if (args.Length > 0 && args[0] == Roaming.Benchmarks.Ochp.OchpLoadCommand.Verb)
    return await Roaming.Benchmarks.Ochp.OchpLoadCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == "ocpp-load")
    return await OcppLoadCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == Roaming.Benchmarks.Pricing.PricingLoop.Verb)
    return Roaming.Benchmarks.Pricing.PricingLoop.Run(args[1..]);
if (args.Length > 0 && args[0] == Roaming.Benchmarks.Audit.AuditBenchmarkCommand.Verb)
    return await Roaming.Benchmarks.Audit.AuditBenchmarkCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == Roaming.Benchmarks.Downstream.DownstreamDrainCommand.Verb)
    return await Roaming.Benchmarks.Downstream.DownstreamDrainCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == Roaming.Benchmarks.Settlement.PdfBenchmark.Verb)
    return Roaming.Benchmarks.Settlement.PdfBenchmark.Run(args[1..]);
if (args.Length > 0 && args[0] == Roaming.Benchmarks.Settlement.CloseBenchmark.Verb)
    return await Roaming.Benchmarks.Settlement.CloseBenchmark.Run(args[1..]);
if (args.Length > 0 && args[0] == Roaming.Benchmarks.Ocpi.CdrPagingBenchmark.Verb)
    return await Roaming.Benchmarks.Ocpi.CdrPagingBenchmark.Run(args[1..]);
if (args.Length > 0 && args[0] == Roaming.Benchmarks.Ocpi.HubForwardingBenchmark.Verb)
    return await Roaming.Benchmarks.Ocpi.HubForwardingBenchmark.Run(args[1..]);
if (args.Length > 0 && args[0] == Roaming.Benchmarks.Ocpi.HubForwardingHub.Verb)
    return await Roaming.Benchmarks.Ocpi.HubForwardingHub.Run(args[1..]);
if (args.Length > 0 && args[0] == OcppLoadWorker.Verb)
    return await OcppLoadWorker.Run(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
