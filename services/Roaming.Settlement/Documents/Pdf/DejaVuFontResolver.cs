using System.Reflection;
using PdfSharp.Fonts;

namespace Roaming.Settlement.Documents.Pdf;

/// <summary>
/// PDFsharp's core build finds no system fonts on Linux; this resolver serves DejaVu Sans (regular and bold), embedded
/// in the assembly (Fonts/, Bitstream Vera licence in Fonts/LICENSE), for every family name: every document of the
/// service looks the same on any machine. PDFsharp accepts one resolver per process, set before the first font is
/// used: call <see cref="Install"/> before rendering (the settlement PDFs do).
/// </summary>
public sealed class DejaVuFontResolver : IFontResolver
{
    public const string FamilyName = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly Lock Installing = new();
    private static readonly DejaVuFontResolver Instance = new();

    private DejaVuFontResolver()
    {
    }

    /// <summary>Installs the resolver unless one is installed already (another part of the process may own it).</summary>
    public static void Install()
    {
        lock (Installing)
        {
            GlobalFontSettings.FontResolver ??= Instance;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        // Italic is simulated by PDFsharp; DejaVu Sans Oblique is left out to keep the assembly small.
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[] GetFont(string faceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Roaming.Settlement.Fonts.{faceName}.ttf")
                           ?? throw new InvalidOperationException($"font {faceName} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
