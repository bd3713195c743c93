using System.Text.Json.Serialization;

namespace Queue.Contracts;

/// <summary>What a report that came back about a sent message means for the recipient and the sender.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BounceClass>))]
public enum BounceClass
{
    /// <summary>Permanent: no such user, the domain does not exist (5.1.x). The recipient is suppressed.</summary>
    Hard = 0,

    /// <summary>Temporary: mailbox full, over quota, greylisted, the server was busy (4.x.x, 5.2.2).</summary>
    Soft = 1,

    /// <summary>Refused for policy or reputation: spam, blocklisted, DMARC (5.7.x). The recipient is not at fault.</summary>
    Policy = 2,

    /// <summary>The sending account's own provider quota was exceeded (e.g. 5.4.5, daily sending quota).</summary>
    SenderQuota = 3,

    /// <summary>The recipient marked the message as spam (an ARF feedback report).</summary>
    Complaint = 4,

    /// <summary>An out-of-office or other automatic answer: ignored.</summary>
    AutoReply = 5,
}
