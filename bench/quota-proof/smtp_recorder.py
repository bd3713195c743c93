"""An SMTP sink (aiosmtpd) that records when each message arrived, for the quota proof.

Each accepted message becomes one JSON line: {"t": unix seconds at end of DATA, "from": ..., "rcpt": [...],
"subject": ..., "request_id": ...}. The time is taken before the 250 reply, so it is never later than the provider's
acceptance that the dispatcher sees.
"""
import json
import threading
import time
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, path):
        self._lock = threading.Lock()
        self._file = open(path, "a", buffering=1, encoding="utf-8")
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        arrived = time.time()
        headers = BytesHeaderParser().parsebytes(envelope.original_content or envelope.content)
        line = json.dumps({"t": arrived, "from": envelope.mail_from, "rcpt": list(envelope.rcpt_tos),
                           "subject": str(headers.get("Subject", "")),
                           "request_id": str(headers.get("X-Queue-Request-Id", ""))})
        with self._lock:
            self._file.write(line + "\n")
            self.count += 1
        return "250 2.0.0 OK recorded"


def start(path, port):
    recorder = Recorder(path)
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, recorder
