#!/usr/bin/python3
"""Fault tests on real servers: a dispatcher killed with SIGKILL, RabbitMQ restarted, Redis restarted, each in the
middle of a stream of requests. Each prints its figures and fails unless every request whose publish the broker
confirmed arrived at the SMTP sink exactly once.

Run through tests/faults/run.sh. It starts a RabbitMQ node of its own (ports 5673/15673), which it stops and starts
again in the RabbitMQ scenario, and a Redis of its own per scenario: the shared servers are not touched, so it can run
beside other tests.
"""
import argparse
import contextlib
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid

import pika

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bench", "quota-proof"))
import smtp_recorder  # noqa: E402
from rig import PrivateRabbit, wait_for  # noqa: E402

ACCOUNTS = ["intranet@pasto.gov.co", "secretarias@pasto.gov.co", "soportesistemas@pasto.gov.co"]
RABBIT = None  # the private RabbitMQ node, started in main()
IN_DOUBT = re.compile(r"Request ([0-9a-f-]{36}) in doubt")
UNSUBSCRIBE_SECRET = secrets.token_urlsafe(48)  # one for every dispatcher of the run, as replicas share it






class Stack:
    """A private Redis, an SMTP recorder, a vhost and dispatcher processes for one scenario."""

    def __init__(self, name, dispatcher, smtp_port, redis_port, http_port):
        self.work = tempfile.mkdtemp(prefix=f"queue-fault-{name}-")
        self.vhost = f"fault-{name}-{uuid.uuid4().hex[:6]}"
        self.dispatcher, self.smtp_port, self.redis_port, self.http_port = dispatcher, smtp_port, redis_port, http_port
        self.arrivals = os.path.join(self.work, "arrivals.jsonl")
        self.controller, _ = smtp_recorder.start(self.arrivals, smtp_port)
        self.redis = None
        self.process = None
        self.exits = 0
        self.start_redis()
        RABBIT.management("PUT", f"vhosts/{self.vhost}")
        RABBIT.management("PUT", f"permissions/{self.vhost}/guest", {"configure": ".*", "write": ".*", "read": ".*"})

    def start_redis(self):
        self.redis = subprocess.Popen(["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--dir", self.work,
                                       "--appendonly", "yes", "--appendfsync", "always", "--save", ""], stdout=subprocess.DEVNULL)
        wait_for(lambda: subprocess.run(["redis-cli", "-p", str(self.redis_port), "ping"], capture_output=True, text=True).stdout.strip() == "PONG",
                 10, "redis")

    def stop_redis(self):
        subprocess.run(["redis-cli", "-p", str(self.redis_port), "shutdown"], capture_output=True)
        self.redis.wait()

    def start_dispatcher(self):
        env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", Urls=f"http://127.0.0.1:{self.http_port}",
                   RabbitMq__VirtualHost=self.vhost, RabbitMq__Port=str(RABBIT.amqp_port),
                   RabbitMq__ManagementUrl=f"http://127.0.0.1:{RABBIT.management_port}/", Redis__Configuration=f"127.0.0.1:{self.redis_port},connectTimeout=1000,syncTimeout=1000",
                   Redis__KeyPrefix="faults", Mail__Smtp__Host="127.0.0.1", Mail__Smtp__Port=str(self.smtp_port), Mail__Smtp__Security="None",
                   # The in-flight lease outlasts the worst case of sending the message (SendLease); short phases keep it near the
                   # 75 s the fault figures were measured with, instead of the defaults' ~16 min for a small message.
                   Mail__Smtp__ConnectTimeoutSeconds="5", Mail__Smtp__CommandTimeoutSeconds="5", Mail__Smtp__DataTimeoutSeconds="5",
                   Mail__Smtp__DataMinimumBytesPerSecond="1000000000", Mail__Smtp__FinalReplyTimeoutSeconds="35",
                   Dispatcher__InfrastructureRetryDelay="00:00:01", Dispatcher__InFlightRetryDelay="00:00:01",
                   Logging__LogLevel__Default=os.environ.get("FAULTS_LOG_LEVEL", "Warning"),
                   Logging__LogLevel__MassTransit=os.environ.get("FAULTS_LOG_LEVEL", "Warning"),
                   # As in production: identity on the bus (the publisher is an application of its own broker user,
                   # guest on loopback here) and no sample secret.
                   Applications__Registered__4__Name="publisher", Applications__Registered__4__AmqpUser="guest",
                   Applications__Registered__4__Senders__0="*", Policy__Unsubscribe__Secret=UNSUBSCRIBE_SECRET)
        for scope in ("Account", "Domain"):
            for i in (0, 1):
                env[f"Quotas__{scope}__{i}__Messages"] = "1000000"
                env[f"Quotas__{scope}__{i}__Recipients"] = "1000000"
        log = open(os.path.join(self.work, "dispatcher.log"), "a")
        self.process = subprocess.Popen(["dotnet", self.dispatcher], env=env, stdout=log, stderr=subprocess.STDOUT,
                                        cwd=os.path.dirname(self.dispatcher))
        wait_for(lambda: urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/health/ready", timeout=2).status == 200, 60, "dispatcher")

    def delivered(self):
        if not os.path.exists(self.arrivals):
            return []
        with open(self.arrivals) as f:
            return [json.loads(line)["request_id"] for line in f if line.strip()]

    def in_doubt(self):
        """Requests the dispatcher reported sending again after an attempt that ended without an outcome."""
        with open(os.path.join(self.work, "dispatcher.log")) as f:
            return {m.group(1) for m in IN_DOUBT.finditer(f.read())}

    def watchdog_restarts(self):
        """Endpoints the dispatcher's consumer watchdog restarted because the broker showed no consumer on their queue."""
        with open(os.path.join(self.work, "dispatcher.log")) as f:
            return f.read().count("restarting its endpoint")

    def close(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.controller.stop()
        self.stop_redis()
        if os.environ.get("FAULTS_KEEP"):
            print(f"kept vhost {self.vhost} and {self.work}")
            return
        try:
            RABBIT.management("DELETE", f"vhosts/{self.vhost}")
        except Exception:
            pass


class Publisher:
    """Publishes requests with confirms; a request counts as published only once the broker confirmed it, and
    one whose publish failed is published again (same RequestId) after reconnecting."""

    def __init__(self, vhost):
        self.url = f"amqp://guest:guest@127.0.0.1:{RABBIT.amqp_port}/{urllib.parse.quote(vhost, safe='')}"
        self.connection = self.channel = None
        self.confirmed = set()

    def connect(self):
        self.connection = pika.BlockingConnection(pika.URLParameters(self.url + "?connection_attempts=1&socket_timeout=2"))
        self.channel = self.connection.channel()
        self.channel.confirm_delivery()
        self.channel.exchange_declare("Queue.Contracts:SendEmail", exchange_type="fanout", durable=True)

    def publish(self, request_id, n):
        account = ACCOUNTS[n % len(ACCOUNTS)]
        envelope = {"messageId": str(uuid.uuid4()), "messageType": ["urn:message:Queue.Contracts:SendEmail"],
                    "message": {"requestId": request_id, "from": account, "to": [f"persona{n}@pasto.gov.co"],
                                "subject": f"falla {n}", "textBody": "Prueba de fallas.", "application": "faults"}}
        while True:
            try:
                if self.connection is None or self.connection.is_closed:
                    self.connect()
                self.channel.basic_publish("Queue.Contracts:SendEmail", "", json.dumps(envelope).encode(),
                                           pika.BasicProperties(content_type="application/vnd.masstransit+json", delivery_mode=2, user_id="guest"),
                                           mandatory=False)
                self.confirmed.add(request_id)
                return
            except Exception:
                self.connection = None
                time.sleep(0.5)

    def close(self):
        try:
            if self.connection and self.connection.is_open:
                self.connection.close()
        except Exception:
            pass


def verdict(name, stack, publisher, started, extra=""):
    """Nothing confirmed may be lost. A request may arrive twice only if the dispatcher reported it in doubt: an attempt
    ended without an outcome (its process died after handing the message to the SMTP server, before recording the
    answer) and the request was sent again."""
    delivered = stack.delivered()
    unique = set(delivered)
    lost = publisher.confirmed - unique
    twice = {r for r in unique if delivered.count(r) > 1} if len(delivered) > len(unique) else set()
    in_doubt = stack.in_doubt()
    unexplained = twice - in_doubt
    print(f"{name}: confirmed {len(publisher.confirmed)}, delivered {len(unique)} distinct in {time.time() - started:.1f} s, "
          f"lost {len(lost)}, duplicates {len(delivered) - len(unique)} ({len(unexplained)} not reported in doubt), "
          f"in doubt {len(in_doubt)}{extra}")
    return not lost and not unexplained


def drain(stack, publisher, timeout):
    """Waits for every confirmed request, restarting the dispatcher if it exits, as its supervisor would."""
    deadline = time.time() + timeout
    while time.time() < deadline and not publisher.confirmed <= set(stack.delivered()):
        if stack.process.poll() is not None:
            print(f"faults: the dispatcher exited with {stack.process.returncode}; the supervisor starts it again")
            stack.exits += 1
            stack.start_dispatcher()
        time.sleep(0.5)
    time.sleep(2)  # anything sent twice would arrive by now


@contextlib.contextmanager
def scenario(name, args, smtp_port, redis_port, http_port):
    """A running stack and a publisher for one scenario, torn down whatever happens."""
    stack = Stack(name, args.dispatcher, smtp_port, redis_port, http_port)
    publisher = Publisher(stack.vhost)
    try:
        stack.start_dispatcher()
        yield stack, publisher, time.time()
    finally:
        publisher.close()
        stack.close()


def kill_dispatcher(args):
    with scenario("kill", args, 2531, 6391, 5291) as (stack, publisher, started):
        at = None

        def kill():
            nonlocal at
            at = len(stack.delivered())
            stack.process.send_signal(signal.SIGKILL)
            stack.process.wait()

        # Killed in the middle of the stream: once a quarter arrived, while the rest is still being published.
        for n in range(args.count):
            publisher.publish(str(uuid.uuid4()), n)
            if at is None and n % 20 == 0 and len(stack.delivered()) >= args.count // 4:
                kill()
        if at is None:
            wait_for(lambda: len(stack.delivered()) >= args.count // 4, 120, "a quarter of the stream")
            kill()
        stack.start_dispatcher()
        drain(stack, publisher, 180)
        return verdict("dispatcher killed (SIGKILL)", stack, publisher, started, f"; killed after {at} had arrived")


def restart_rabbitmq(args):
    with scenario("rabbit", args, 2532, 6392, 5292) as (stack, publisher, started):
        restarted_at = None
        for n in range(args.count):
            publisher.publish(str(uuid.uuid4()), n)
            if n == args.count // 3:
                restarted_at = len(stack.delivered())
                down = time.time()
                RABBIT.restart(down_seconds=3)
                down = time.time() - down
        drain(stack, publisher, 180)
        return verdict("RabbitMQ restarted", stack, publisher, started,
                       f"; node stopped after {restarted_at} had arrived, back {down:.1f} s later; "
                       f"dispatcher exits {stack.exits}, endpoints restarted by the consumer watchdog {stack.watchdog_restarts()}")


def restart_redis(args):
    with scenario("redis", args, 2533, 6393, 5293) as (stack, publisher, started):
        for n in range(args.count):
            publisher.publish(str(uuid.uuid4()), n)
        wait_for(lambda: len(stack.delivered()) >= args.count // 3, 120, "a third of the stream")
        stack.stop_redis()
        before = len(stack.delivered())
        time.sleep(3)
        during = len(stack.delivered()) - before
        stack.start_redis()
        back = time.time()
        wait_for(lambda: len(stack.delivered()) > before + during, 30, "sending after Redis came back")
        resumed = time.time() - back
        drain(stack, publisher, 180)
        return verdict("Redis restarted", stack, publisher, started,
                       f"; {during} arrived while it was down (granted before), sending resumed {resumed:.1f} s after it came back")


def redis_failover(args):
    """The quota gate through a Redis failover, without and with Quotas:WaitForReplicas (tests/faults/failover.py)."""
    return subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "failover.py")]).returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dispatcher", required=True)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--only", choices=["kill", "rabbitmq", "redis", "failover"])
    args = parser.parse_args()
    scenarios = {"kill": kill_dispatcher, "rabbitmq": restart_rabbitmq, "redis": restart_redis, "failover": redis_failover}
    chosen = [name for name in scenarios if args.only in (None, name)]
    global RABBIT
    # The failover scenario drives the quota gate alone: it needs no RabbitMQ node.
    RABBIT = PrivateRabbit("queue-faults", amqp_port=5673, management_port=15673, dist_port=25673) if chosen != ["failover"] else None
    try:
        results = [scenarios[name](args) for name in chosen]
    finally:
        if RABBIT is not None:
            RABBIT.close()
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if passed == len(results) else 1)


if __name__ == "__main__":
    main()
