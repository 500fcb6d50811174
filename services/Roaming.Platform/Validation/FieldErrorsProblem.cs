using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Platform.Validation;

/// <summary>The HTTP side of <see cref="FieldErrors"/>: the collector lives with the OCPI validators, which know no ASP.NET.</summary>
public static class FieldErrorsProblem
{
    public static ValidationProblem ToProblem(this FieldErrors errors) => TypedResults.ValidationProblem(errors.ToDictionary());
}
