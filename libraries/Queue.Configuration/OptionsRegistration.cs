using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Queue.Configuration;

public static class OptionsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to the configuration section <paramref name="sectionPath"/> and
    /// validates it when the host starts, so a wrong setting stops the service with its full path named.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string sectionPath)
        where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new ConfigurationPathValidator<TOptions>(sectionPath));
        return services.AddOptions<TOptions>()
            .BindConfiguration(sectionPath, binder => binder.ErrorOnUnknownConfiguration = false)
            .ValidateOnStart();
    }

    /// <summary>
    /// Also refuses, outside the Development environment, what <paramref name="check"/> finds unsafe (a sample
    /// secret, plain text toward a real server), at start like every other setting error.
    /// </summary>
    public static OptionsBuilder<TOptions> RefuseOutsideDevelopment<TOptions>(
        this OptionsBuilder<TOptions> builder, string sectionPath, Func<TOptions, IEnumerable<UnsafeSetting>> check)
        where TOptions : class
    {
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(sp =>
            new OutsideDevelopmentValidator<TOptions>(sectionPath, sp.GetRequiredService<IHostEnvironment>(), check));
        return builder;
    }
}
