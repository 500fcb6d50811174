using PdfSharp.Fonts;

namespace Roaming.Settlement.Reimbursement.Exports.Pdf;

/// <summary>
/// The fonts the reimbursement PDF draws with. PDFsharp on Linux finds no fonts by itself and takes one process-wide
/// resolver. The documents capability brings an embedded DejaVu resolver (Documents/Pdf); until it is merged this one
/// reads the DejaVu files Debian installs (fonts-dejavu-core), and it never replaces a resolver already set, so once the
/// embedded one is installed at startup it is the one used. Integrator: point <see cref="EnsureResolver"/> at the
/// embedded resolver and delete <see cref="SystemDejaVuResolver"/>.
/// </summary>
internal static class ReimbursementPdfFonts
{
    public const string Family = "DejaVu Sans";

    private static readonly Lock Gate = new();

    public static void EnsureResolver()
    {
        lock (Gate)
        {
            GlobalFontSettings.FontResolver ??= new SystemDejaVuResolver();
        }
    }

    private sealed class SystemDejaVuResolver : IFontResolver
    {
        private const string Folder = "/usr/share/fonts/truetype/dejavu";

        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

        public byte[] GetFont(string faceName) => File.ReadAllBytes(Path.Combine(Folder, $"{faceName}.ttf"));
    }
}
