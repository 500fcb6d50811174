using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roaming.Settlement.Documents.Csv;
using Roaming.Settlement.Documents.Pdf;
using Roaming.Settlement.Documents.Ubl;

namespace Roaming.Settlement.Documents;

/// <summary>The export formats of a statement; the statements' export endpoint picks one by <see cref="IStatementDocument.Format"/>.</summary>
internal sealed class DocumentsCapability : ISettlementCapability
{
    public void AddServices(IHostApplicationBuilder builder)
    {
        // PDFsharp takes one font resolver per process, set before its first font: at startup, so that every PDF of the
        // service (statements and reimbursement) draws with the embedded DejaVu Sans, whichever renders first.
        DejaVuFontResolver.Install();
        builder.Services.AddSingleton<IStatementDocument, StatementCsv>();
        builder.Services.AddSingleton<IStatementDocument, StatementPdf>();
        builder.Services.AddSingleton<IStatementDocument, StatementUbl>();
    }
}
