#!/usr/bin/python3
"""An SMTP server (aiosmtpd) that answers as a provider under stress, chosen by each recipient's local part.

  unknown@…        RCPT  550 5.1.1 the account does not exist
  busy@…           RCPT  451 4.3.0 temporary local problem
  daily-limit@…    RCPT  550 5.4.5 daily user sending limit exceeded   (Gmail)
  rate-limit@…     RCPT  421 4.7.28 rate limited                       (Gmail)
  exchange-quota@… DATA  554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException (Exchange)
  tempfail-data@…  DATA  451 4.4.0 try again later
  silent@…         DATA  never answers (the client must time out)
  anything else    accepted

Accepted messages are appended as JSON lines to --record: {"t", "from", "rcpt", "subject"}.
With --tls it offers STARTTLS with a freshly made self-signed certificate, which a client that validates
certificates (as Queue does) must refuse.

Usage: /usr/bin/python3 fault_smtp.py --port 2530 --record /tmp/faults.jsonl [--tls]
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import subprocess
import tempfile
import time
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller

RCPT_REPLIES = {
    "unknown": "550 5.1.1 The email account that you tried to reach does not exist",
    "busy": "451 4.3.0 Temporary local problem, please try again",
    "daily-limit": "550 5.4.5 Daily user sending limit exceeded",
    "rate-limit": "421 4.7.28 Our system has detected an unusual rate of mail, rate limited",
}
DATA_REPLIES = {
    "exchange-quota": "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message",
    "tempfail-data": "451 4.4.0 Temporary failure, try again later",
}


class Faults:
    def __init__(self, record):
        self.record = record

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = RCPT_REPLIES.get(address.split("@")[0].lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        locals_ = {r.split("@")[0].lower() for r in envelope.rcpt_tos}
        if "silent" in locals_:
            await asyncio.sleep(3600)
        for local, reply in DATA_REPLIES.items():
            if local in locals_:
                return reply
        headers = BytesHeaderParser().parsebytes(envelope.original_content or envelope.content)
        with open(self.record, "a", encoding="utf-8") as f:
            f.write(json.dumps({"t": time.time(), "from": envelope.mail_from, "rcpt": list(envelope.rcpt_tos),
                                "subject": str(headers.get("Subject", ""))}) + "\n")
        return "250 2.0.0 OK accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--tls", action="store_true", help="offer STARTTLS with a self-signed certificate")
    args = parser.parse_args()
    tls = None
    if args.tls:
        directory = tempfile.mkdtemp(prefix="fault-smtp-")
        cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(cert, key)
    controller = Controller(Faults(args.record), hostname="127.0.0.1", port=args.port, tls_context=tls, require_starttls=False)
    controller.start()
    print(f"fault smtp listening on 127.0.0.1:{args.port}", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()
