using Queue.Bench;

return await Cli.RunAsync(args);
