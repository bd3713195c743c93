namespace Queue.Sending.Applications;

/// <summary>What an application may command on the bus besides sending, checked against its broker identity.</summary>
public enum ApplicationPower
{
    /// <summary>ApproveEmail and DenyEmail: decide on held requests (the communications office).</summary>
    Approve,

    /// <summary>PauseSending and ResumeSending: stop and restart sending (operators).</summary>
    Operate,
}
