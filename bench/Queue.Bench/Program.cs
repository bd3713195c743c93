using Queue.Bench;
using Queue.Bench.Infrastructure;

return args is [ReferenceHost.Command, ..] ? await ReferenceHost.RunAsync(args) : await Cli.RunAsync(args);
