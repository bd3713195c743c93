namespace Queue.Ctl;

/// <summary>What every <c>--help</c> ends with: where the gateway and the key come from, and what the exit code means.</summary>
public static class CliHelp
{
    public static readonly string Environment = """
        Environment:
          QUEUE_URL           the gateway (--url), default http://127.0.0.1:5090
          QUEUE_API_KEY       the API key (--key)
          QUEUE_REDIS         keys commands: Redis (--redis), default localhost:6379
          QUEUE_REDIS_PREFIX  keys commands: key prefix (--prefix), default queue
        """;

    public static readonly string ExitCodes = $"""
        Exit codes:
          {(int)CliExit.Done}  done
          {(int)CliExit.Usage}  usage: unknown command or option, missing or invalid argument, a file that cannot be read
          {(int)CliExit.Refused}  refused by the gateway or the key store (its own words are printed), e.g. 403, 404, 409
          {(int)CliExit.Unreachable}  the gateway or Redis cannot be reached
          {(int)CliExit.Failed}  anything else (one line, never a stack trace)
        """;
}
