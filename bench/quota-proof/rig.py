"""Helpers shared by the quota proof and the fault tests: the RabbitMQ management API and waiting for a state."""
import base64
import json
import time
import urllib.request


def management(method, path, body=None):
    """Calls the RabbitMQ management API on 127.0.0.1:15672 as guest."""
    request = urllib.request.Request(f"http://127.0.0.1:15672/api/{path}", method=method,
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
