namespace Queue.Configuration;

/// <summary>
/// A setting that is acceptable on a developer's machine and not anywhere else: <see cref="Setting"/> is its path
/// inside the options' section, <see cref="Problem"/> says what is wrong and what to do instead.
/// </summary>
public sealed record UnsafeSetting(string Setting, string Problem);
