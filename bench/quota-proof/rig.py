"""Helpers shared by the quota proof and the fault tests: the RabbitMQ management API, a private RabbitMQ node and
waiting for a state."""
import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request


def management(method, path, body=None, port=15672):
    """Calls the RabbitMQ management API on 127.0.0.1:port as guest."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"content-type": "application/json",
                                              "authorization": "Basic " + base64.b64encode(b"guest:guest").decode()})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def wait_for(check, timeout, what, prefix="queue"):
    """Polls check() until it is true; exits with a message naming what did not happen."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if check():
                return True
        except Exception:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{prefix}: {what} not reached after {timeout} s")


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class PrivateRabbit:
    """A RabbitMQ node of its own (name, ports, data directory), so a test may stop and restart the broker without
    disturbing anything else that uses the shared one. Its data survives restart(), as a real broker's would."""

    def __init__(self, name, amqp_port, management_port, dist_port):
        self.node = f"{name}@localhost"
        self.amqp_port, self.management_port = amqp_port, management_port
        busy = [p for p in (amqp_port, management_port, dist_port) if port_open(p)]
        if busy:
            raise SystemExit(f"RabbitMQ node {self.node}: port {busy[0]} is already in use (another run of this test?)")
        self.work = tempfile.mkdtemp(prefix=f"queue-rabbit-{name}-")
        config = os.path.join(self.work, "rabbitmq.conf")
        with open(config, "w") as f:
            f.write(f"listeners.tcp.default = 127.0.0.1:{amqp_port}\nmanagement.tcp.ip = 127.0.0.1\n"
                    f"management.tcp.port = {management_port}\nloopback_users = none\n")
        with open(os.path.join(self.work, "enabled_plugins"), "w") as f:
            f.write("[rabbitmq_management].\n")
        self.env = dict(os.environ, RABBITMQ_NODENAME=self.node, RABBITMQ_NODE_PORT=str(amqp_port),
                        RABBITMQ_DIST_PORT=str(dist_port), RABBITMQ_CONFIG_FILE=config,
                        RABBITMQ_MNESIA_BASE=os.path.join(self.work, "mnesia"), RABBITMQ_LOG_BASE=os.path.join(self.work, "log"),
                        RABBITMQ_ENABLED_PLUGINS_FILE=os.path.join(self.work, "enabled_plugins"),
                        RABBITMQ_PID_FILE=os.path.join(self.work, "pid"),
                        RABBITMQ_ADVANCED_CONFIG_FILE=os.path.join(self.work, "advanced.config"))
        self.start()

    def _ctl(self, *args, check=False):
        return subprocess.run(["/usr/lib/rabbitmq/bin/rabbitmqctl", "-n", self.node, *args], env=self.env,
                              capture_output=True, text=True, check=check)

    def start(self):
        subprocess.run(["/usr/lib/rabbitmq/bin/rabbitmq-server", "-detached"], env=self.env, capture_output=True, check=True)
        self._ctl("await_startup", "--timeout", "120")
        wait_for(lambda: management("GET", "overview", port=self.management_port) is not None, 120,
                 f"RabbitMQ node {self.node} (amqp {self.amqp_port}, management {self.management_port})")

    def stop(self):
        """Stops the whole node (the Erlang VM too), as a service restart or a crash would."""
        self._ctl("stop")
        wait_for(lambda: not port_open(self.amqp_port), 60, f"RabbitMQ node {self.node} stopped")

    def restart(self, down_seconds):
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def management(self, method, path, body=None):
        return management(method, path, body, port=self.management_port)

    def close(self):
        self.stop()
        if not os.environ.get("FAULTS_KEEP"):
            shutil.rmtree(self.work, ignore_errors=True)
