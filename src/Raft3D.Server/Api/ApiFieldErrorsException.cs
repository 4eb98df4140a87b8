namespace Raft3D.Server.Api;

/// <summary>Several fields are wrong or missing: a 400 whose problem lists each.</summary>
public sealed class ApiFieldErrorsException(IReadOnlyList<ProblemFieldError> errors, string detail) : Exception(detail)
{
    public IReadOnlyList<ProblemFieldError> Errors { get; } = errors;
}
