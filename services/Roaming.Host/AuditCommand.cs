using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using NodaTime;
using Npgsql;
using Roaming.Audit;
using Roaming.Audit.Bundles;
using Roaming.Audit.Keys;
using Roaming.Audit.Proofs;
using Roaming.Audit.Verification;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Sealing;
using Spectre.Console;

namespace Roaming.Host;

/// <summary><c>roaming audit verify | export | prove | check-proof</c>: evidence for auditors, with no server running.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Verify, export and prove the sealed event logs (tamper evidence).");
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Prove());
        command.Subcommands.Add(CheckProof());
        command.Subcommands.Add(Forget());
        return command;
    }

    private static Command Forget()
    {
        var subject = new Argument<string>("subject") { Description = "The data subject; for a token holder: contract:<country>*<party>*<contract_id>, e.g. contract:DE*TNM*DE8ACC12E46L89." };
        var postgres = PostgresOption();
        var command = new Command("forget", "Crypto-shredding: destroy the subject's key; their encrypted personal data reads as [erased], the sealed chain still verifies.")
            { subject, postgres };
        command.SetAction(async (parse, cancellation) =>
        {
            var settings = Settings(parse.GetValue(postgres));
            var name = parse.GetValue(subject)!;
            var forgotten = await new Roaming.Platform.Sealing.Shredding.SubjectKeyVault(settings.Roaming.Postgres, settings.Roaming.SchemaPrefix)
                .Forget(name, cancellation);
            if (forgotten)
                AnsiConsole.MarkupLineInterpolated($"Destroyed the key of [bold]{name}[/]: their protected personal data can no longer be read.");
            else
                AnsiConsole.MarkupLineInterpolated($"[yellow]No key for {name}: nothing of theirs was protected, or it was forgotten before.[/]");
            return 0;
        });
        return command;
    }

    private static Option<string> ServiceOption(string? defaultService = null) => new("--service")
    {
        Description = "The service whose log to use (charging, tokens, audit, ...).",
        Required = defaultService is null,
        DefaultValueFactory = defaultService is null ? null! : _ => defaultService,
    };

    private static Option<string?> PostgresOption() => new("--postgres") { Description = "Connection string (default ROAMING_POSTGRES or Roaming:Postgres)." };

    private static Option<string?> KeysOption() => new("--keys")
    {
        Description = "Trusted public keys: a GET /audit/keys document or a PEM file. Default: the configured key files (online) or the bundle's keys.json (offline).",
    };

    private static Command Verify()
    {
        var bundle = new Argument<string?>("bundle") { Description = "An exported bundle directory (offline; no database needed).", Arity = ArgumentArity.ZeroOrOne };
        var online = new Option<bool>("--online") { Description = "Verify the live database instead of a bundle." };
        var service = ServiceOption(defaultService: "charging");
        var postgres = PostgresOption();
        var keys = KeysOption();
        var resume = new Option<string?>("--resume")
        {
            Description = "Progress file, kept up to date while verifying; after an interruption (Ctrl-C, kill) the same command continues from it.",
        };
        var command = new Command("verify", "Recompute every leaf and every signed tree head; name the first bad position.") { bundle, online, service, postgres, keys, resume };
        command.SetAction(async (parse, cancellation) =>
        {
            var directory = parse.GetValue(bundle);
            if (parse.GetValue(online) == (directory is not null))
            {
                AnsiConsole.MarkupLine("[red]Give either a bundle directory or --online.[/]");
                return 64;
            }
            var trusted = parse.GetValue(keys) is { } keysFile ? VerificationKeys.FromFile(keysFile) : null;
            try
            {
                VerificationReport report;
                if (directory is not null)
                {
                    if (trusted is null)
                        AnsiConsole.MarkupLine("[yellow]Checking signatures with the bundle's own keys.json; pass --keys with keys you obtained independently to rule out a re-signed bundle.[/]");
                    var manifest = JsonSerializer.Deserialize<BundleManifest>(await File.ReadAllTextAsync(Path.Combine(directory, BundleManifest.ManifestFile), cancellation), AuditJson.Options)!;
                    report = await WithProgress($"Verifying bundle of {manifest.Service}", manifest.LeavesEndIndex - manifest.FirstIndex,
                        progress => OfflineVerification.Run(directory, trusted, progress, cancellation, parse.GetValue(resume)));
                }
                else
                {
                    var settings = Settings(parse.GetValue(postgres));
                    var name = parse.GetValue(service)!;
                    var schema = ServiceStores.SchemaName(settings.Roaming, name);
                    var size = await LeafCount(settings.Roaming.Postgres, schema, cancellation);
                    report = await WithProgress($"Verifying {name} online", size, progress => OnlineVerification.Run(settings.Roaming.Postgres,
                        ServiceStores.SchemaName(settings.Roaming, AuditModule.ServiceName), name, schema,
                        trusted ?? VerificationKeys.FromConfiguredFiles(settings.Audit), progress, cancellation, parse.GetValue(resume)));
                }
                Print(report);
                return report.ExitCode;
            }
            catch (BundleFormatException exception)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]UNREADABLE bundle: {exception.Message}[/]");
                return 1;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return Interrupted(parse.GetValue(resume) is { } file ? $"run the same command again (--resume {file}) to continue" : "nothing was kept (no --resume file)");
            }
        });
        return command;
    }

    private static Command Export()
    {
        var service = ServiceOption();
        var from = new Option<string?>("--from") { Description = "First event: a sequence number or an instant (2026-10-01T00:00:00Z). Default: the beginning." };
        var to = new Option<string?>("--to") { Description = "Last event: a sequence number or an instant. Default: the last sealed event." };
        var output = new Option<string>("--out") { Description = "Directory to write the bundle to.", Required = true };
        var postgres = PostgresOption();
        var resume = new Option<bool>("--resume") { Description = "Continue the interrupted export in --out (same plan, same bundle)." };
        var command = new Command("export", "Write a self-contained evidence bundle: events, leaves, checkpoints, public keys, manifest.")
            { service, from, to, output, postgres, resume };
        command.SetAction(async (parse, cancellation) =>
        {
            var settings = Settings(parse.GetValue(postgres));
            var name = parse.GetValue(service)!;
            var request = new ExportRequest(name, ServiceStores.SchemaName(settings.Roaming, name),
                ServiceStores.SchemaName(settings.Roaming, AuditModule.ServiceName),
                parse.GetValue(from) is { } f ? SequenceOrInstant.Parse(f) : null,
                parse.GetValue(to) is { } t ? SequenceOrInstant.Parse(t) : null,
                parse.GetValue(output)!);
            BundleManifest manifest = null!;
            try
            {
                await AnsiConsole.Progress().StartAsync(async context =>
                {
                    var task = context.AddTask($"Exporting {name}").IsIndeterminate();
                    manifest = await BundleExporter.Export(settings.Roaming.Postgres, request, VerificationKeys.FromConfiguredFiles(settings.Audit),
                        SystemClock.Instance.GetCurrentInstant(), new Progress<long>(n => task.Description = $"Exporting {name}: {n:N0} events"), cancellation,
                        parse.GetValue(resume));
                    task.IsIndeterminate(false).Value = task.MaxValue;
                });
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return Interrupted($"run the same command with --resume to continue into {request.OutputDirectory}");
            }
            catch (InvalidOperationException exception)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{exception.Message}[/]");
                return 1;
            }
            AnsiConsole.MarkupLineInterpolated(
                $"Exported {manifest.EventCount:N0} events (positions {manifest.FirstIndex}..{manifest.EventsEndIndex - 1}, leaves to {manifest.LeavesEndIndex - 1}) to [bold]{request.OutputDirectory}[/]");
            if (manifest.LeavesEndIndex == manifest.EventsEndIndex && !File.ReadLines(Path.Combine(request.OutputDirectory, BundleManifest.CheckpointsFile)).Any())
                AnsiConsole.MarkupLine("[yellow]No signed checkpoint covers this period yet: sign one (POST /api/audit/checkpoints) and export again.[/]");
            return 0;
        });
        return command;
    }

    private static Command Prove()
    {
        var cdr = new Option<string>("--cdr") { Description = "The CDR id.", Required = true };
        var service = ServiceOption(defaultService: "charging");
        var output = new Option<string?>("--out") { Description = "File to write the proof to (default: standard output)." };
        var postgres = PostgresOption();
        var command = new Command("prove", "Inclusion proof of a CDR's events against a signed checkpoint, checkable offline.") { cdr, service, output, postgres };
        command.SetAction(async (parse, cancellation) =>
        {
            var settings = Settings(parse.GetValue(postgres));
            var name = parse.GetValue(service)!;
            try
            {
                var proof = await InclusionProver.ProveCdr(settings.Roaming.Postgres, ServiceStores.SchemaName(settings.Roaming, AuditModule.ServiceName), name,
                    ServiceStores.SchemaName(settings.Roaming, name), parse.GetValue(cdr)!, VerificationKeys.FromConfiguredFiles(settings.Audit), cancellation);
                var json = JsonSerializer.Serialize(proof, AuditJson.Indented);
                if (parse.GetValue(output) is { } file)
                {
                    await File.WriteAllTextAsync(file, json, cancellation);
                    AnsiConsole.MarkupLineInterpolated($"{proof.Events.Count} event(s) proven against the checkpoint of {proof.Checkpoint.TreeSize} positions; written to [bold]{file}[/]");
                }
                else
                {
                    Console.WriteLine(json);
                }
                return 0;
            }
            catch (InvalidOperationException exception)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{exception.Message}[/]");
                return 1;
            }
        });
        return command;
    }

    private static Command CheckProof()
    {
        var file = new Argument<string>("file") { Description = "A proof written by roaming audit prove." };
        var keys = KeysOption();
        var command = new Command("check-proof", "Check an inclusion proof with nothing but the file (and, ideally, trusted keys).") { file, keys };
        command.SetAction(parse =>
        {
            InclusionProof proof;
            try
            {
                proof = JsonSerializer.Deserialize<InclusionProof>(File.ReadAllText(parse.GetValue(file)!), AuditJson.Options)
                    ?? throw new JsonException("empty file");
            }
            catch (Exception exception) when (exception is IOException or JsonException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]INVALID: cannot read the proof: {exception.Message}[/]");
                return 1;
            }
            var result = InclusionProofChecker.Check(proof, parse.GetValue(keys) is { } k ? VerificationKeys.FromFile(k) : null);
            foreach (var note in result.Notes)
                AnsiConsole.MarkupLineInterpolated($"[yellow]{note}[/]");
            foreach (var problem in result.Problems)
                AnsiConsole.MarkupLineInterpolated($"[red]{problem}[/]");
            if (result.Valid)
                AnsiConsole.MarkupLineInterpolated(
                    $"[green]VALID[/]: {proof.Events.Count} event(s) of {proof.Subject} are in {proof.Checkpoint.Origin} at size {proof.Checkpoint.TreeSize}, signed {proof.Checkpoint.SignedAt}");
            else
                AnsiConsole.MarkupLineInterpolated($"[red]INVALID[/]: {proof.Subject}");
            return result.Valid ? 0 : 1;
        });
        return command;
    }

    /// <summary>Ctrl-C: say how to go on; 130 as a shell reports SIGINT.</summary>
    private static int Interrupted(string howToContinue)
    {
        AnsiConsole.MarkupLineInterpolated($"[yellow]Interrupted: {howToContinue}.[/]");
        return 130;
    }

    private static async Task<VerificationReport> WithProgress(string title, long total, Func<IProgress<long>, Task<VerificationReport>> run)
    {
        VerificationReport report = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(title, maxValue: Math.Max(total, 1));
                report = await run(new Progress<long>(done => task.Value = done));
                task.Value = task.MaxValue;
            });
        return report;
    }

    private static void Print(VerificationReport report)
    {
        if (report.Findings.Count > 0)
        {
            var table = new Table().AddColumns("kind", "position", "seq", "what");
            foreach (var finding in report.Findings.Take(25))
                table.AddRow(finding.Kind.ToString(), finding.Index?.ToString() ?? "", finding.Sequence?.ToString() ?? "", Markup.Escape(finding.Message));
            AnsiConsole.Write(table);
            if (report.Findings.Count > 25)
                AnsiConsole.MarkupLineInterpolated($"... and {report.Findings.Count - 25} more");
        }
        if (report.UnsealedEvents > 0)
            AnsiConsole.MarkupLineInterpolated($"{report.UnsealedEvents} event(s) are newer than the sealer's position (not sealed yet, not checked).");
        var colour = report.Verdict switch { Verdict.Intact => "green", Verdict.Tampered => "red", _ => "yellow" };
        AnsiConsole.MarkupLineInterpolated($"[{colour}]{report.Summary}[/]");
        AnsiConsole.MarkupLineInterpolated($"{report.TreeSize - report.FirstIndex:N0} positions in {report.Elapsed.TotalSeconds:F2} s");
    }

    private static async Task<long> LeafCount(string connectionString, string schema, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        return await SealedLeaves.Count(connection, schema, cancellation);
    }

    private sealed record CliSettings(RoamingOptions Roaming, AuditOptions Audit);

    /// <summary>The same settings the server reads: appsettings.json, Roaming__* variables and the documented ROAMING_* names.</summary>
    private static CliSettings Settings(string? postgres)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var roaming = configuration.GetSection("Roaming").Get<RoamingOptions>() ?? new RoamingOptions();
        if (postgres is not null)
            roaming.Postgres = postgres;
        else if (Environment.GetEnvironmentVariable("ROAMING_POSTGRES") is { Length: > 0 } fromEnvironment)
            roaming.Postgres = fromEnvironment;
        if (Environment.GetEnvironmentVariable("ROAMING_SCHEMA_PREFIX") is { Length: > 0 } prefix)
            roaming.SchemaPrefix = prefix;
        if (Environment.GetEnvironmentVariable("ROAMING_PARTY") is { Length: > 0 } party)
            roaming.Party = party;
        return new CliSettings(roaming, configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() ?? new AuditOptions());
    }
}
