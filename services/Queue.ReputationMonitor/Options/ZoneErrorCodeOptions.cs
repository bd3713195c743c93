using System.ComponentModel.DataAnnotations;

namespace Queue.ReputationMonitor.Options;

/// <summary>An answer by which the list says it did not really answer: never a listing.</summary>
public sealed class ZoneErrorCodeOptions
{
    [Required]
    public string Code { get; set; } = "";

    [Required]
    public string Meaning { get; set; } = "";
}
