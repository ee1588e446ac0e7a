namespace ServiceRecovery.Web.Domain;

/// <summary>An action the case's rules do not allow in its current state. The message is shown to the user.</summary>
public sealed class CaseRuleViolationException : Exception
{
    public CaseRuleViolationException(string message)
        : base(message)
    {
    }

    public CaseRuleViolationException()
    {
    }

    public CaseRuleViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
