using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Applications;

/// <summary>One application allowed to ask Queue for mail, and the sender accounts it may send as.</summary>
public sealed class ApplicationOptions
{
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,62}$", ErrorMessage = "use lower-case letters, digits and '-'")]
    public string Name { get; set; } = "";

    /// <summary>The RabbitMQ user it publishes as; RabbitMQ validates the AMQP user-id property against it.</summary>
    public string? AmqpUser { get; set; }

    /// <summary>
    /// It publishes on behalf of applications it authenticated itself (the gateway, by their API keys): a request
    /// from it that names a registered application is that application's, with that application's grants. Only
    /// for a service trusted to set the name; anything else it publishes is its own.
    /// </summary>
    public bool Relay { get; set; }

    /// <summary>Sender accounts it may use as From (<c>*</c>: any configured account, for trusted operators' tools).</summary>
    [MinLength(1, ErrorMessage = "grant at least one sender account")]
    public List<string> Senders { get; set; } = [];

    /// <summary>Control commands it may give on the bus; none unless granted.</summary>
    public List<ApplicationPower> Powers { get; set; } = [];
}
