using System.Collections;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queue.Configuration;

/// <summary>
/// Runs data annotations (and <see cref="IValidatableObject"/>) over an options object and everything nested
/// in it, and names each failure by its configuration path (<c>Queue:Senders:0:Address</c>) so an operator
/// knows exactly which setting to fix. The stock validator names only the member and stops at the top level.
/// </summary>
public sealed class ConfigurationPathValidator<TOptions>(string sectionPath) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = new List<string>();
        Collect(options, sectionPath, failures, depth: 0);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    static void Collect(object instance, string path, List<string> failures, int depth)
    {
        if (depth > 8)
        {
            return;
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [""];
            foreach (var member in members)
            {
                var where = member.Length == 0 ? path : $"{path}:{member}";
                failures.Add($"setting '{where}' is invalid: {result.ErrorMessage}");
            }
        }

        foreach (var property in instance.GetType().GetProperties())
        {
            if (property.GetIndexParameters().Length > 0 || IsLeaf(property.PropertyType))
            {
                continue;
            }

            var value = property.GetValue(instance);
            var childPath = $"{path}:{property.Name}";
            switch (value)
            {
                case null:
                    continue;
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (entry.Value is not null && !IsLeaf(entry.Value.GetType()))
                        {
                            Collect(entry.Value, $"{childPath}:{entry.Key}", failures, depth + 1);
                        }
                    }

                    break;
                case IEnumerable items:
                    var index = 0;
                    foreach (var item in items)
                    {
                        if (item is not null && !IsLeaf(item.GetType()))
                        {
                            Collect(item, $"{childPath}:{index}", failures, depth + 1);
                        }

                        index++;
                    }

                    break;
                default:
                    Collect(value, childPath, failures, depth + 1);
                    break;
            }
        }
    }

    static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(Guid) || t == typeof(Uri);
    }
}
