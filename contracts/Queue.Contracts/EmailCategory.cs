using System.Text.Json.Serialization;

namespace Queue.Contracts;

/// <summary>What kind of mail this is; the institutional policy depends on it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EmailCategory>))]
public enum EmailCategory
{
    /// <summary>Day-to-day work mail.</summary>
    Operational = 0,

    /// <summary>Automatic notices from an application.</summary>
    Notification = 1,

    /// <summary>One person's legal matters, debts or health: never sent to a group.</summary>
    Confidential = 2,

    /// <summary>Mass communication to staff: only through the communications office.</summary>
    Mass = 3,

    /// <summary>Advertising or commercial information: only with approval.</summary>
    Commercial = 4,

    /// <summary>Circulars, resolutions and administrative acts for internal diffusion.</summary>
    Circular = 5,

    /// <summary>
    /// Information from another public entity or a partner entity (convenio) for staff: only through the
    /// communications office, which decides advised by the Mayor's office, Human Resources or Information Systems.
    /// </summary>
    PartnerEntity = 6,
}
