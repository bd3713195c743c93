#!/usr/bin/python3
"""Quota proof: several dispatcher processes, one Redis, a backlog several times the caps.

Starts a private Redis (append-only, fsync always), an SMTP recorder, N dispatchers from a published build,
publishes the backlog as raw envelopes, optionally restarts Redis mid-run, then reports for every limit the
most messages and recipients seen at the SMTP sink in any rolling window of its length. Exit status 1 when a
cap was exceeded or a binding limit was used less than the required share of its cap.

Run through bench/quota-proof/run.sh, which builds the dispatcher and starts RabbitMQ first.
"""
import argparse
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

import pika

sys.path.insert(0, os.path.dirname(__file__))
import smtp_recorder  # noqa: E402
from rig import management, wait_for  # noqa: E402
from windows import max_in_window  # noqa: E402

ACCOUNTS = ["intranet@pasto.gov.co", "secretarias@pasto.gov.co", "soportesistemas@pasto.gov.co"]
# (scope, name, window seconds, message cap, recipient cap)
LIMITS = [
    ("account", "burst", 10, 8, 20),
    ("account", "minute", 60, 40, 100),
    ("domain", "burst", 10, 18, 45),
    ("domain", "minute", 60, 80, 200),
]
UNSUBSCRIBE_SECRET = secrets.token_urlsafe(48)  # one for every dispatcher of the run, as replicas share it





def start_redis(port, directory):
    return subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", directory,
                             "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
                            stdout=subprocess.DEVNULL)


def redis_ping(port):
    return subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True).stdout.strip() == "PONG"


def dispatcher_env(vhost, redis_port, smtp_port, http_port):
    env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", Urls=f"http://127.0.0.1:{http_port}",
               RabbitMq__VirtualHost=vhost, Redis__Configuration=f"127.0.0.1:{redis_port},connectTimeout=1000,syncTimeout=1000",
               Redis__KeyPrefix="proof", Mail__Smtp__Host="127.0.0.1", Mail__Smtp__Port=str(smtp_port),
               Mail__Smtp__Security="None", Quotas__SafetyMargin="0", Dispatcher__MaxInPlaceWait="00:00:01",
               Dispatcher__InfrastructureRetryDelay="00:00:01", Logging__LogLevel__Default="Warning",
               # As in production: identity on the bus (the publisher is an application of its own broker user,
               # guest on loopback here) and no sample secret.
               Applications__Registered__4__Name="publisher", Applications__Registered__4__AmqpUser="guest",
               Applications__Registered__4__Senders__0="*", Policy__Unsubscribe__Secret=UNSUBSCRIBE_SECRET)
    index = {"account": 0, "domain": 0}
    for scope, name, window, messages, recipients in LIMITS:
        i = index[scope]
        index[scope] += 1
        prefix = f"Quotas__{scope.capitalize()}__{i}__"
        env.update({prefix + "Name": name, prefix + "Window": time.strftime("%H:%M:%S", time.gmtime(window)),
                    prefix + "Messages": str(messages), prefix + "Recipients": str(recipients), prefix + "Mode": "Rolling"})
    return env


def publish_backlog(vhost, per_account, seed):
    rng = random.Random(seed)
    connection = pika.BlockingConnection(pika.URLParameters(f"amqp://guest:guest@127.0.0.1:5672/{urllib.parse.quote(vhost, safe='')}"))
    channel = connection.channel()
    channel.confirm_delivery()
    channel.exchange_declare("Queue.Contracts:SendEmail", exchange_type="fanout", durable=True)
    total_recipients = 0
    for n in range(per_account):
        for account in ACCOUNTS:
            recipients = [f"persona{rng.randrange(1000)}.{k}@pasto.gov.co" for k in range(rng.randint(1, 3))]
            total_recipients += len(recipients)
            envelope = {"messageId": str(uuid.uuid4()), "messageType": ["urn:message:Queue.Contracts:SendEmail"],
                        "message": {"requestId": str(uuid.uuid4()), "from": account, "to": recipients,
                                    "subject": f"proof {account} {n}", "textBody": "Prueba de cuotas.",
                                    "category": "Operational", "priority": "Bulk", "application": "quota-proof"}}
            channel.basic_publish("Queue.Contracts:SendEmail", "", json.dumps(envelope).encode(),
                                  pika.BasicProperties(content_type="application/vnd.masstransit+json", delivery_mode=2, user_id="guest"))
    connection.close()
    return per_account * len(ACCOUNTS), total_recipients


def report(arrivals, duration, utilisation_goal):
    print(f"\n{'limit':<32}{'window':>8}{'cap msg':>9}{'max msg':>9}{'cap rcpt':>10}{'max rcpt':>10}  verdict")
    failed = False
    for scope, name, window, messages, recipients in LIMITS:
        groups = {a: [x for x in arrivals if x["from"] == a] for a in ACCOUNTS} if scope == "account" else {"domain": arrivals}
        for key, group in groups.items():
            most_messages = max_in_window(group, window)
            most_recipients = max_in_window(group, window, lambda a: len(a["rcpt"]))
            over = most_messages > messages or most_recipients > recipients
            # A limit binds when its window held the cap; it must then be used to at least the goal.
            used = max(most_messages / messages, most_recipients / recipients)
            verdict = "OVER" if over else ("ok, binding" if used >= utilisation_goal else f"ok, peak {used:.0%} (another limit binds first)")
            failed |= over
            label = f"{scope}.{name}" + ("" if scope == "domain" else f" {key.split('@')[0]}")
            print(f"{label:<32}{window:>7}s{messages:>9}{most_messages:>9}{recipients:>10}{most_recipients:>10}  {verdict}")
    domain_minute = next(l for l in LIMITS if l[0] == "domain" and l[1] == "minute")
    if arrivals:
        span = arrivals[-1]["t"] - arrivals[0]["t"]
        print(f"\nsent {len(arrivals)} messages to {sum(len(a['rcpt']) for a in arrivals)} recipients in {span:.1f} s")
        busiest = max_in_window(arrivals, domain_minute[2])
        share = busiest / domain_minute[3]
        print(f"utilisation of the binding limit domain.{domain_minute[1]}: {busiest}/{domain_minute[3]} = {share:.1%} (goal {utilisation_goal:.0%})")
        failed |= share < utilisation_goal
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dispatcher", required=True, help="path to the published Queue.Dispatcher.dll")
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--per-account", type=int, default=60, help="backlog per account (several times the caps)")
    parser.add_argument("--duration", type=float, default=75, help="seconds to let the dispatchers send")
    parser.add_argument("--restart-redis-at", type=float, default=30, help="seconds into the run; 0 for none")
    parser.add_argument("--goal", type=float, default=0.98)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="queue-quota-proof-")
    vhost = f"quota-proof-{uuid.uuid4().hex[:8]}"
    redis_port, smtp_port = 6390, 2526
    processes = []
    arrivals_path = os.path.join(work, "arrivals.jsonl")
    controller, recorder = smtp_recorder.start(arrivals_path, smtp_port)
    redis = start_redis(redis_port, work)
    try:
        wait_for(lambda: redis_ping(redis_port), 10, "redis")
        management("PUT", f"vhosts/{vhost}")
        management("PUT", f"permissions/{vhost}/guest", {"configure": ".*", "write": ".*", "read": ".*"})
        for i in range(args.replicas):
            log = open(os.path.join(work, f"dispatcher-{i}.log"), "w")
            processes.append(subprocess.Popen(["dotnet", args.dispatcher], env=dispatcher_env(vhost, redis_port, smtp_port, 5191 + i),
                                              stdout=log, stderr=subprocess.STDOUT, cwd=os.path.dirname(args.dispatcher)))
        for i in range(args.replicas):
            wait_for(lambda: urllib.request.urlopen(f"http://127.0.0.1:{5191 + i}/health/ready", timeout=2).status == 200, 60, f"dispatcher {i}")
        messages, recipients = publish_backlog(vhost, args.per_account, args.seed)
        print(f"quota-proof: {args.replicas} dispatchers, backlog {messages} messages / {recipients} recipients, running {args.duration:.0f} s")
        started = time.time()
        restarted = False
        while time.time() - started < args.duration:
            if args.restart_redis_at and not restarted and time.time() - started >= args.restart_redis_at:
                before = recorder.count
                subprocess.run(["redis-cli", "-p", str(redis_port), "shutdown"], capture_output=True)
                redis.wait()
                time.sleep(3)
                during = recorder.count - before
                redis = start_redis(redis_port, work)
                wait_for(lambda: redis_ping(redis_port), 10, "redis after restart")
                back = time.time()
                wait_for(lambda: recorder.count > before + during, 30, "sending after the Redis restart")
                print(f"quota-proof: Redis down 3 s at {args.restart_redis_at:.0f} s: {during} sent meanwhile by requests already granted; "
                      f"sending resumed {time.time() - back:.1f} s after it came back")
                restarted = True
            time.sleep(0.2)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        controller.stop()
        subprocess.run(["redis-cli", "-p", str(redis_port), "shutdown", "nosave"], capture_output=True)
        try:
            management("DELETE", f"vhosts/{vhost}")
        except Exception:
            pass

    with open(arrivals_path) as f:
        arrivals = sorted((json.loads(line) for line in f), key=lambda a: a["t"])
    failed = report(arrivals, args.duration, args.goal)
    print(f"\narrivals and dispatcher logs: {work}")
    print("quota-proof: FAILED" if failed else "quota-proof: 0 violations")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
