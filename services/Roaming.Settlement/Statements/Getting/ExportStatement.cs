using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Platform.Json;
using Roaming.Settlement.Documents;
using Roaming.Settlement.Documents.Ubl;

namespace Roaming.Settlement.Statements.Getting;

/// <summary>
/// <c>GET /api/settlement/statements/{id}/export?format=json|csv|pdf|ubl</c>: the statement as a file to send
/// (<c>Content-Disposition: attachment; filename={invoice_number}.{ext}</c>). <c>json</c> is the API's own view; every
/// other format is an <see cref="IStatementDocument"/> registered by the documents capability.
/// </summary>
public static class ExportStatement
{
    public const string JsonFormat = "json";

    public static void MapExportStatement(this IEndpointRouteBuilder api) => api.MapGet("/settlement/statements/{id}/export", async (string id, string? format,
        ISettlementStore store, IEnumerable<IStatementDocument> documents, IClock clock, CancellationToken cancellation) =>
    {
        var byFormat = documents.ToDictionary(d => d.Format, StringComparer.OrdinalIgnoreCase);
        var known = new[] { JsonFormat }.Concat(byFormat.Keys.Order(StringComparer.Ordinal)).ToList();
        format ??= JsonFormat;
        if (!format.Equals(JsonFormat, StringComparison.OrdinalIgnoreCase) && !byFormat.ContainsKey(format))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [$"is one of {string.Join(", ", known)}"] });

        await using var session = store.QuerySession();
        if (format.Equals(JsonFormat, StringComparison.OrdinalIgnoreCase))
        {
            if (await GetStatements.Load(session, id, clock, cancellation) is not { } view)
                return GetStatements.NotFound(id);
            var json = JsonSerializer.SerializeToUtf8Bytes(view, RoamingJson.Options);
            return Results.File(json, "application/json", $"{view.InvoiceNumber}.json");
        }
        if (await session.LoadAsync<Statement>(id, cancellation) is not { } statement)
            return GetStatements.NotFound(id);
        var document = byFormat[format];
        var output = new MemoryStream();
        try
        {
            document.Write(statement, output);
        }
        catch (NothingToInvoiceException nothing)
        {
            // EN 16931 needs at least one invoice line: an empty statement has its CSV, JSON and PDF, but no e-invoice.
            return Results.Problem(nothing.Message, statusCode: StatusCodes.Status409Conflict,
                title: "Nothing to invoice");
        }
        output.Position = 0;
        return Results.File(output, document.ContentType, $"{statement.InvoiceNumber}.{document.FileExtension}");
    }).WithName("ExportSettlementStatement").WithSummary("Exports a statement as JSON, CSV, PDF or EN 16931 UBL.");
}
