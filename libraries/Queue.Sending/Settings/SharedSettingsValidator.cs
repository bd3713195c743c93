using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Queue.Sending.Accounts;
using Queue.Sending.Applications;
using Queue.Sending.Hours;
using Queue.Sending.Policy;
using Queue.Sending.Quotas;
using Queue.Configuration;

namespace Queue.Sending.Settings;

/// <summary>
/// Judges a candidate document with the validators the services run at start, on the configuration this
/// service would have with it, so a change that would stop a service at start is refused before it is stored.
/// </summary>
public sealed class SharedSettingsValidator(IConfiguration configuration)
{
    public IReadOnlyList<string> Validate(JsonObject settings)
    {
        var failures = new List<string>();
        foreach (var (name, value) in settings)
        {
            if (name != "Mail" && !SharedSections.All.Contains(name))
            {
                failures.Add($"setting '{name}' is not a shared setting (the document holds {string.Join(", ", SharedSections.All)})");
            }
            else if (name == "Mail" && value is JsonObject mail && mail.Any(p => p.Key != "Senders"))
            {
                failures.AddRange(mail.Where(p => p.Key != "Senders").Select(p =>
                    $"setting 'Mail:{p.Key}' is each service's own (only Mail:Senders is shared)"));
            }
        }

        var raw = Flatten(settings);
        failures.AddRange(raw.Keys.Where(SharedSections.IsSecret).Select(k =>
            $"setting '{k}' holds a secret: secrets stay in each service's configuration (environment), never in the shared settings"));
        if (failures.Count > 0)
        {
            return failures;
        }

        var candidate = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.AsEnumerable().Where(p => p.Value is not null && !SharedSections.Owns(p.Key)))
            .AddInMemoryCollection(raw)
            .Build();
        var mailOptions = Check<MailOptions>(candidate, MailOptions.Section, failures);
        Check<QuotaOptions>(candidate, QuotaOptions.Section, failures);
        var policy = Check<PolicyOptions>(candidate, PolicyOptions.Section, failures);
        Check<ApplicationsOptions>(candidate, ApplicationsOptions.Section, failures);
        Check<SendingHoursOptions>(candidate, SendingHoursOptions.Section, failures);
        if (mailOptions is not null && policy is not null)
        {
            failures.AddRange(PolicyAccountsValidator.Check(policy, mailOptions));
        }

        return failures;
    }

    static Dictionary<string, string?> Flatten(JsonObject settings) =>
        SharedSettingsConfigurationProvider.Flatten(new SharedSettingsDocument(0, settings), owned: false);

    static T? Check<T>(IConfiguration candidate, string section, List<string> failures) where T : class, new()
    {
        T options;
        try
        {
            // Unknown names are refused here (a misspelt limit would otherwise be dropped without a word).
            options = candidate.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the setting in an outer message and the misspelt property in an inner one.
            var messages = new List<string>();
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            {
                messages.Add(inner.Message);
            }

            failures.Add($"setting '{section}' is invalid: {string.Join(" ", messages)}");
            return null;
        }

        var result = new ConfigurationPathValidator<T>(section).Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        if (result.Failed)
        {
            failures.AddRange(result.Failures);
        }

        return options;
    }
}
