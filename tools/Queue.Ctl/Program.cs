using Queue.Ctl;

return await new Cli(Console.Out, Console.Error, Environment.GetEnvironmentVariable).RunAsync(args);
