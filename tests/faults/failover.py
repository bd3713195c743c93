#!/usr/bin/env python3
"""Redis failover under the quota gate: a primary with one replica, the replica promoted (REPLICAOF NO ONE) in
the middle of a stream of reservations, the clients pointed at it after a detection delay. Prints, per run, how
many granted reservations the new primary does not know (lost) and how far the window overshot its cap, without
and with Quotas:WaitForReplicas = 1. Passes when the run with the wait setting loses nothing and never
overshoots. Uses Redis on ports 26700-26701 of its own and no RabbitMQ.

Usage: tests/faults/failover.py [--requests 3000] [--cap 1000] [--promote-after 200] [--switch-delay 300] [--workers 8]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PRIMARY, REPLICA = 26700, 26701


def redis_cli(port, *args):
    return subprocess.run(["redis-cli", "-p", str(port), *args], capture_output=True, text=True).stdout


def wait_for(condition, seconds, what):
    deadline = time.time() + seconds
    while not condition():
        if time.time() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


def start_pair(work):
    """A primary and its replica, both with an fsynced AOF as scripts/servers.sh runs Redis."""
    for port, extra in ((PRIMARY, []), (REPLICA, ["--replicaof", "127.0.0.1", str(PRIMARY)])):
        directory = os.path.join(work, str(port))
        os.makedirs(directory)
        subprocess.run(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", directory, "--save", "",
                        "--appendonly", "yes", "--appendfsync", "always", "--maxmemory-policy", "noeviction",
                        "--repl-diskless-sync-delay", "0", "--daemonize", "yes", "--logfile", os.path.join(directory, "log"),
                        *extra], check=True)
        wait_for(lambda: redis_cli(port, "ping").strip() == "PONG", 10, f"redis on {port}")
    wait_for(lambda: "state=online" in redis_cli(PRIMARY, "info", "replication"), 20, "the replica to come online")


def stop_pair():
    for port in (PRIMARY, REPLICA):
        redis_cli(port, "shutdown", "nosave")


def run(program, wait, args):
    work = tempfile.mkdtemp(prefix="queue-failover-")
    try:
        start_pair(work)
        out = subprocess.run(["dotnet", program, str(PRIMARY), str(REPLICA), str(wait), str(args.requests), str(args.cap),
                              str(args.promote_after), str(args.switch_delay), str(args.workers)],
                             capture_output=True, text=True, timeout=600)
        if out.returncode != 0:
            raise RuntimeError(out.stderr or out.stdout)
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        stop_pair()
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--cap", type=int, default=1000)
    parser.add_argument("--promote-after", type=int, default=200)
    parser.add_argument("--switch-delay", type=int, default=300, help="ms the clients keep using the old primary")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--program", help="a built QuotaFailover.dll (built here when omitted)")
    args = parser.parse_args()

    program = args.program
    if program is None:
        out = os.path.join(REPO, ".run", "faults", "quota-failover")
        subprocess.run(["dotnet", "build", os.path.join(REPO, "tests", "faults", "QuotaFailover"), "-c", "Release", "-o", out,
                        "-nologo", "-v", "quiet"], check=True, stdout=subprocess.DEVNULL)
        program = os.path.join(out, "QuotaFailover.dll")

    failed = 0
    for wait in (0, 1):
        r = run(program, wait, args)
        ok = wait == 0 or (r["lost"] == 0 and r["overshoot"] == 0)
        failed += 0 if ok else 1
        print(f"failover wait={wait}: {'PASS' if ok else 'FAIL'}  granted {r['granted']} (old primary {r['grantedByOld']}, "
              f"{r['grantedByOldAfterPromotion']} of them after the promotion; new primary {r['grantedByNew']}), "
              f"new primary knows {r['knownToNewPrimary']}, lost {r['lost']}, counted but not granted {r['countedNotGranted']}, cap {r['cap']} overshot by {r['overshoot']}, "
              f"not acknowledged {r['notAcknowledged']}, denied {r['denied']}, errors {r['errors']}, {r['seconds']} s")
        print("  " + json.dumps(r))
    print(f"{2 - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
