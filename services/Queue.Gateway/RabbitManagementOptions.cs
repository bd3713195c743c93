using System.ComponentModel.DataAnnotations;

namespace Queue.Gateway;

/// <summary>Section <c>Gateway:RabbitManagement</c>: the broker's management API, read for lane backlogs.</summary>
public sealed class RabbitManagementOptions
{
    [Required]
    [Url]
    public string Url { get; set; } = "http://localhost:15672/";

    /// <summary>A user with the <c>monitoring</c> tag is enough.</summary>
    [Required]
    public string UserName { get; set; } = "guest";

    [Required]
    public string Password { get; set; } = "guest";
}
