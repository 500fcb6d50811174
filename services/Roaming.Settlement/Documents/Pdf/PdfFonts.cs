using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Roaming.Settlement.Documents.Pdf;

/// <summary>The statement PDF's type scale, created once after the font resolver is installed.</summary>
internal sealed class PdfFonts
{
    private static readonly Lazy<PdfFonts> Shared = new(() =>
    {
        DejaVuFontResolver.Install();
        return new PdfFonts();
    });

    // WinAnsi where the text allows (content streams then carry readable strings), Unicode for anything else.
    private static readonly XPdfFontOptions Encoding = new(PdfFontEncoding.Automatic);

    public static PdfFonts Default => Shared.Value;

    public XFont Title { get; } = Font(16, XFontStyleEx.Bold);
    public XFont Heading { get; } = Font(9.5, XFontStyleEx.Bold);
    public XFont Text { get; } = Font(8.5, XFontStyleEx.Regular);
    public XFont TextBold { get; } = Font(8.5, XFontStyleEx.Bold);
    public XFont Table { get; } = Font(6.5, XFontStyleEx.Regular);
    public XFont TableBold { get; } = Font(6.5, XFontStyleEx.Bold);
    public XFont Small { get; } = Font(6, XFontStyleEx.Regular);

    private static XFont Font(double size, XFontStyleEx style) => new(DejaVuFontResolver.FamilyName, size, style, Encoding);
}
