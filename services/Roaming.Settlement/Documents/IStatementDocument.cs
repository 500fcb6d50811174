using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Documents;

/// <summary>
/// One export format of an issued statement (<c>GET /api/settlement/statements/{id}/export?format=</c>): CSV, PDF, UBL.
/// Rendering is pure: the statement carries everything the document shows.
/// </summary>
public interface IStatementDocument
{
    /// <summary>The <c>format</c> query value, e.g. <c>pdf</c>.</summary>
    string Format { get; }

    string ContentType { get; }

    /// <summary>File name extension without the dot, e.g. <c>xml</c>.</summary>
    string FileExtension { get; }

    void Write(Statement statement, Stream output);
}
