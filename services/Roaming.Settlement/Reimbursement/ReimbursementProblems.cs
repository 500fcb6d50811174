using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Roaming.Settlement.Reimbursement;

/// <summary>The problem details reimbursement answers with besides field errors: what is missing (404) or in the wrong state (409).</summary>
internal static class ReimbursementProblems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflicts with the current state");
}
