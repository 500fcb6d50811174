using Microsoft.Extensions.DependencyInjection;
using Roaming.Settlement.Documents;
using Roaming.Settlement.Documents.Ubl;
using Roaming.Settlement.Tests.Integration;
using Shouldly;
using Xunit;
using static Roaming.Settlement.Tests.Documents.Statements;

namespace Roaming.Settlement.Tests.Documents;

/// <summary>The settlement service offers its export formats to the export endpoint, one renderer per format.</summary>
public class DocumentRegistrationTests : IClassFixture<SettlementHost>
{
    private readonly SettlementHost _host;

    public DocumentRegistrationTests(SettlementHost host) => _host = host;

    [Fact]
    public void The_service_registers_csv_pdf_and_ubl_and_each_renders_a_statement()
    {
        var documents = _host.Services.GetServices<IStatementDocument>().ToList();

        documents.Select(d => (d.Format, d.ContentType, d.FileExtension))
            .ShouldBe([("csv", "text/csv", "csv"), ("pdf", "application/pdf", "pdf"), ("ubl", "application/xml", "xml")], ignoreOrder: true);
        var statement = Of([new Line(12.34m, 19)]);
        foreach (var document in documents)
            document.Render(statement).Length.ShouldBeGreaterThan(100, document.Format);
        // The schemas travel with the service's build output, so the host can validate what it serves.
        UblSchemaValidator.Default.Validate(new MemoryStream(documents.Single(d => d.Format == "ubl").Render(statement))).ShouldBeEmpty();
    }
}
