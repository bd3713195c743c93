using System.Text.Json.Serialization;

namespace Queue.Contracts;

/// <summary>Who may advise the communications office on information from partner entities (circular 004).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalAdvisor>))]
public enum ApprovalAdvisor
{
    /// <summary>Despacho del Alcalde.</summary>
    MayorsOffice = 0,

    /// <summary>Talento Humano.</summary>
    HumanResources = 1,

    /// <summary>Subsecretaría de Sistemas de Información.</summary>
    InformationSystems = 2,
}
