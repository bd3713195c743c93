using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Queue.Configuration;

/// <summary>
/// Refuses, in any environment but Development, the settings that make a shipped sample or a local sink work:
/// a sample secret, plain-text SMTP, a bus without identities. Each failure names the full setting path, like
/// <see cref="ConfigurationPathValidator{TOptions}"/>, and says what to do.
/// </summary>
public sealed class OutsideDevelopmentValidator<TOptions>(string sectionPath, IHostEnvironment environment, Func<TOptions, IEnumerable<UnsafeSetting>> check)
    : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = check(options)
            .Select(u => $"setting '{sectionPath}:{u.Setting}' is invalid outside Development (environment {environment.EnvironmentName}): {u.Problem}")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
