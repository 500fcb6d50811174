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
        var includeBilling = new Option<bool>("--include-billing-records")
        {
            Description = "Also when CDRs carry the subject's contract id: they then read [erased] in our records (partners keep the copies they were sent).",
        };
        var command = new Command("forget", "Crypto-shredding: destroy the subject's key; their encrypted personal data reads as [erased] in every service, the sealed chains still verify.")
            { subject, postgres, includeBilling };
        command.SetAction(async (parse, cancellation) =>
        {
            var settings = Settings(parse.GetValue(postgres));
            var name = parse.GetValue(subject)!;
            var vault = new Roaming.Platform.Sealing.Shredding.SubjectKeyVault(settings.Roaming.Postgres, settings.Roaming.SchemaPrefix);
            // Erasing the contract id from CDRs still within their billing retention is the operator's decision, made explicitly.
            if (await vault.ProtectedPrefixOf(name, cancellation) is { } prefix && !parse.GetValue(includeBilling) &&
                await Roaming.Charging.Cdrs.Getting.CdrsOfSubject.Count(settings.Roaming.Postgres, ServiceStores.SchemaName(settings.Roaming, "charging"), prefix, cancellation) is > 0 and var cdrs)
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]{cdrs} CDR(s) carry the contract id of {name}; forgetting erases it from those billing records. Nothing was changed. Run again with --include-billing-records to go ahead.[/]");
                return 3;
            }
            var forgotten = await vault.Forget(name, cancellation);
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
        var service = new Option<string?>("--service")
        {
            Description = "With --online: the one service whose log to verify (charging, tokens, audit, ...). Default: every service's log, one verdict each.",
        };
        var postgres = PostgresOption();
        var keys = KeysOption();
        var resume = new Option<string?>("--resume")
        {
            Description = "Progress file, kept up to date while verifying; after an interruption (Ctrl-C, kill) the same command continues from it. " +
                          "Verifying every service keeps one file per service, named after it.",
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
                if (directory is null)
                    return await VerifyOnline(Settings(parse.GetValue(postgres)), parse.GetValue(service), trusted, parse.GetValue(resume), cancellation);

                if (trusted is null)
                    AnsiConsole.MarkupLine("[yellow]Checking signatures with the bundle's own keys.json; pass --keys with keys you obtained independently to rule out a re-signed bundle.[/]");
                var manifest = JsonSerializer.Deserialize<BundleManifest>(await File.ReadAllTextAsync(Path.Combine(directory, BundleManifest.ManifestFile), cancellation), AuditJson.Options)!;
                var report = await WithProgress($"Verifying bundle of {manifest.Service}", manifest.LeavesEndIndex - manifest.FirstIndex,
                    progress => OfflineVerification.Run(directory, trusted, progress, cancellation, parse.GetValue(resume)));
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

    /// <summary>
    /// One service's log, or every service's (an auditor told INTACT must know which logs that covers), with a verdict per
    /// service. One service exits with its verdict's code (0 intact, 1 tampered, 2 not fully covered). Every service: 1
    /// when any log is tampered, else 2 when any cannot be verified (no sealed log in this database, unreadable), else 0.
    /// A newest tail not yet under a signed checkpoint is printed but does not fail that run: on a live system it is the
    /// normal state of every busy log, and the audit log always ends with the checkpoint round that signed the others.
    /// </summary>
    private static async Task<int> VerifyOnline(CliSettings settings, string? onlyService, IReadOnlyList<AuditPublicKey>? trusted, string? resume,
        CancellationToken cancellation)
    {
        var services = onlyService is null ? ModuleCatalog.Create().All.Select(module => module.Name).ToArray() : [onlyService];
        var auditSchema = ServiceStores.SchemaName(settings.Roaming, AuditModule.ServiceName);
        var keys = trusted ?? VerificationKeys.FromConfiguredFiles(settings.Audit);
        var verdicts = new List<(string Service, VerificationReport? Report, string? Unverifiable)>();
        foreach (var name in services)
        {
            var schema = ServiceStores.SchemaName(settings.Roaming, name);
            try
            {
                var size = await LeafCount(settings.Roaming.Postgres, schema, cancellation);
                var report = await WithProgress($"Verifying {name} online", size, progress => OnlineVerification.Run(settings.Roaming.Postgres,
                    auditSchema, name, schema, keys, progress, cancellation, resume is null || onlyService is not null ? resume : $"{resume}.{name}"));
                Print(report);
                verdicts.Add((name, report, null));
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                verdicts.Add((name, null, $"no sealed log in schema {schema} (the service never ran on this database, or its log was removed)"));
            }
            catch (NpgsqlException exception)
            {
                verdicts.Add((name, null, exception.Message));
            }
        }
        foreach (var (name, _, unverifiable) in verdicts.Where(v => v.Unverifiable is not null))
            AnsiConsole.MarkupLineInterpolated($"[yellow]CANNOT VERIFY: {name}, {unverifiable}[/]");
        if (onlyService is null)
        {
            var table = new Table().AddColumns("service", "verdict", "positions", "checkpoints");
            foreach (var (name, report, _) in verdicts)
                table.AddRow(name, report?.VerdictName ?? "CANNOT VERIFY",
                    report is null ? "" : $"{report.TreeSize - report.FirstIndex:N0}", report is null ? "" : $"{report.CheckpointsVerified}");
            AnsiConsole.Write(table);
        }
        if (onlyService is not null)
            return verdicts[0].Report?.ExitCode ?? 2;
        if (verdicts.Any(v => v.Report?.Verdict == Verdict.Tampered))
            return 1;
        if (verdicts.Any(v => v.Report is null))
            return 2;
        AnsiConsole.MarkupLineInterpolated($"[green]No problem found in any log[/]: {verdicts.Count(v => v.Report!.Verdict == Verdict.Intact)} of {verdicts.Count} fully under signed checkpoints.");
        return 0;
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
