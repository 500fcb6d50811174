using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Roaming.Settlement.Documents.Pdf;

/// <summary>
/// Lays content out top to bottom over A4 pages: tracks the current page and height, starts a new page when a block
/// does not fit (running <see cref="PageStarted"/>, e.g. to repeat a table header), and numbers the pages at the end.
/// </summary>
internal sealed class PdfPageFlow : IDisposable
{
    public const double Margin = 30;

    private readonly PdfDocument _document;
    private readonly List<PdfPage> _pages = [];

    public PdfPageFlow(PdfDocument document)
    {
        _document = document;
        StartPage();
    }

    public XGraphics Graphics { get; private set; } = null!;
    public double Y { get; set; }
    public double Left => Margin;
    public double Width => Page.Width.Point - 2 * Margin;
    private PdfPage Page => _pages[^1];
    private double Bottom => Page.Height.Point - Margin - 14; // room for the page number

    /// <summary>Runs on every page started after the first (not before the first block).</summary>
    public Action? PageStarted { get; set; }

    /// <summary>Moves to a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void Reserve(double height)
    {
        if (Y + height <= Bottom)
            return;
        StartPage();
        PageStarted?.Invoke();
    }

    /// <summary>Writes "page n of N" and an identifying footer on every page.</summary>
    public void NumberPages(string footer, XFont font)
    {
        Graphics.Dispose();
        for (var i = 0; i < _pages.Count; i++)
        {
            using var graphics = XGraphics.FromPdfPage(_pages[i], XGraphicsPdfPageOptions.Append);
            var line = new XRect(Margin, _pages[i].Height.Point - Margin - 8, _pages[i].Width.Point - 2 * Margin, 10);
            graphics.DrawString(footer, font, XBrushes.Gray, line, XStringFormats.TopLeft);
            graphics.DrawString($"page {i + 1} of {_pages.Count}", font, XBrushes.Gray, line, XStringFormats.TopRight);
        }
        Graphics = null!;
    }

    private void StartPage()
    {
        Graphics?.Dispose();
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        _pages.Add(page);
        Graphics = XGraphics.FromPdfPage(page);
        Y = Margin;
    }

    public void Dispose() => Graphics?.Dispose();
}
