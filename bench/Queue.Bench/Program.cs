using Queue.Bench;
using Queue.Bench.Infrastructure;
using Queue.Bench.Smtp;

return args switch
{
    [ReferenceHost.Command, ..] => await ReferenceHost.RunAsync(args),
    [QueueSmtpClient.Command, ..] => await QueueSmtpClient.RunAsync(args),
    _ => await Cli.RunAsync(args),
};
