#!/usr/bin/python3
"""An SMTP server (aiosmtpd) that answers as a provider under stress, chosen by each recipient's local part.

  unknown@…        RCPT  550 5.1.1 the account does not exist
  busy@…           RCPT  451 4.3.0 temporary local problem
  daily-limit@…    RCPT  550 5.4.5 daily user sending limit exceeded   (Gmail)
  rate-limit@…     RCPT  421 4.7.28 rate limited                       (Gmail)
  exchange-quota@… DATA  554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException (Exchange)
  tempfail-data@…  DATA  451 4.4.0 try again later
  silent@…         DATA  never answers (the client must time out)
  silent-rcpt@…    RCPT  never answers (a command times out before any content)
  closing@…        RCPT  421 4.3.2 and the connection closes (a server going down mid-session)
  hangup-after@…   DATA  accepted, then the connection closes (as a server drops an idle session)
  refuse-data@…    the DATA command itself 554 5.5.0 (before any content; BDAT has no such stage)
  drop-at-data@…   the connection closes at the DATA command, unanswered (before any content)
  drop-after-content@…  the content arrives whole, then the connection closes unanswered
  anything else    accepted
The sender refused-sender@… gets 553 5.7.1 at MAIL FROM (an account the server does not let send).
The sender idle-421@… gets 421 at MAIL FROM on a connection that already carried a message (a server that
closed the idle session says so when the client comes back).
--mail-from CODE refuses every MAIL FROM with a provider's reply of that code: 553 and 550 (the account may not
send), 451 and 452 (a temporary failure on the server's side), 552 (the message's size, without SIZE in play).
--max-size BYTES advertises SIZE BYTES and refuses a larger SIZE= at MAIL FROM with 552 (aiosmtpd's own check).

The DATA faults apply at BDAT LAST alike.

Accepted messages are appended as JSON lines to --record: {"t", "from", "rcpt", "subject", "peer" (the
client's port: one per connection), "auth" (the mechanism the session authenticated with), "auth_user",
"pipelined" (the RCPT commands had arrived with MAIL FROM), "mail_options", "rcpt_options" (one list per
accepted recipient), "bdat" (the number of BDAT chunks; 0 for DATA), "one_write" (the whole transaction, BDAT
LAST and all its bytes, had arrived with MAIL FROM), "sha256" (of the message as received, after DATA's
dot-unstuffing)}.
With --tls it offers STARTTLS with a freshly made self-signed certificate, which a client that validates
certificates (as Queue does) must refuse; --cert and --key offer a given certificate instead.
--auth USER:PASSWORD requires AUTH (after STARTTLS when TLS is on), --auth-mechanisms limits the mechanisms,
--pipelining advertises PIPELINING (aiosmtpd handles pipelined commands but does not say so), --chunking
advertises CHUNKING and takes BDAT (RFC 3030), which aiosmtpd lacks. --dsn advertises DSN (RFC 3461) and takes
ENVID, RET, NOTIFY and ORCPT (recorded with the other options). --xoauth2-token TOKEN offers only XOAUTH2 and
accepts that bearer token alone (any user); --save-dir DIR keeps each accepted message as DIR/<sha256>.eml;
--implicit-tls speaks TLS from the first byte (port 465 style).

Usage: /usr/bin/python3 fault_smtp.py --port 2530 --record /tmp/faults.jsonl [--tls | --cert C --key K]
       [--auth user:password [--auth-mechanisms PLAIN,LOGIN] | --xoauth2-token TOKEN] [--pipelining] [--chunking]
       [--dsn] [--implicit-tls] [--greeting CODE] [--mail-from CODE] [--max-size BYTES]
"""
import argparse
import asyncio
import base64
import hashlib
import json
import os
import re
import signal
import ssl
import subprocess
import tempfile
import time
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, syntax

RCPT_REPLIES = {
    "unknown": "550 5.1.1 The email account that you tried to reach does not exist",
    "busy": "451 4.3.0 Temporary local problem, please try again",
    "daily-limit": "550 5.4.5 Daily user sending limit exceeded",
    "rate-limit": "421 4.7.28 Our system has detected an unusual rate of mail, rate limited",
}
GREETINGS = {
    "421": "421 4.3.2 Too many connections from your host, try again later",
}
MAIL_REPLIES = {
    "553": "553 5.7.1 Sender address rejected: not owned by user",                                  # Postfix
    "550": "550 5.7.60 SMTP; Client does not have permissions to send as this sender",               # Exchange Online
    "451": "451 4.3.0 Temporary lookup failure",                                                     # Postfix
    "452": "452 4.3.1 Insufficient system storage",
    "552": "552 5.3.4 Message size exceeds fixed maximum message size",
}
DATA_REPLIES = {
    "exchange-quota": "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message",
    "tempfail-data": "451 4.4.0 Temporary failure, try again later",
}


BDAT_COMMAND = re.compile(rb"BDAT (\d+) LAST\r\n", re.IGNORECASE)
DSN_MAIL = ("ENVID", "RET")
DSN_RCPT = ("NOTIFY", "ORCPT")


class Faults:
    def __init__(self, record, pipelining, chunking, dsn, xoauth2_token, save_dir=None, mail_from=None):
        self.record = record
        self.mail_from = mail_from
        self.save_dir = save_dir
        self.pipelining = pipelining
        self.chunking = chunking
        self.dsn = dsn
        self.xoauth2_token = xoauth2_token

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(len(responses) - 1, "250-PIPELINING")
        if self.chunking:
            responses.insert(len(responses) - 1, "250-CHUNKING")
        if self.dsn:
            responses.insert(len(responses) - 1, "250-DSN")
        return responses

    async def auth_XOAUTH2(self, server, args):
        """XOAUTH2 as Gmail speaks it: "user=U^Aauth=Bearer T^A^A"; a wrong token gets the JSON challenge, then 535."""
        if len(args) > 1:
            try:
                payload = base64.b64decode(args[1], validate=True)
            except Exception:
                return AuthResult(success=False, handled=False)
        else:
            payload = await server.challenge_auth("", encode_to_b64=False)
            if not isinstance(payload, bytes):
                return AuthResult(success=False, handled=True)
        fields = dict(f.split("=", 1) for f in payload.decode(errors="replace").split("\x01") if "=" in f)
        if self.xoauth2_token and fields.get("auth") == f"Bearer {self.xoauth2_token}":
            server.session.mechanism = "XOAUTH2"
            server.session.auth_user = fields.get("user")
            return AuthResult(success=True, auth_data=fields.get("user"))
        error = base64.b64encode(b'{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}').decode()
        await server.challenge_auth(error, encode_to_b64=False)
        return AuthResult(success=False, handled=False, message="535 5.7.8 Username and Password not accepted")

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mail_from:
            return MAIL_REPLIES[self.mail_from]
        if address.split("@")[0].lower() == "refused-sender":
            return "553 5.7.1 Sender address rejected: not owned by user"
        if address.split("@")[0].lower() == "idle-421" and getattr(session, "transactions", 0) > 0:
            asyncio.get_running_loop().call_soon(server.transport.close)
            return "421 4.4.2 Idle too long, closing connection"
        # What else the client had sent when MAIL FROM is handled: with pipelining, the whole envelope; with BDAT
        # in the same write, the content too.
        pending = bytes(server._reader._buffer)
        bdat = BDAT_COMMAND.search(pending)
        session.pipelined = b"RCPT TO" in pending.upper()
        session.one_write = bdat is not None and len(pending) - bdat.end() >= int(bdat.group(1))
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options + getattr(server, "_dsn_mail", []))
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        rcpt_options = rcpt_options + getattr(server, "_dsn_rcpt", [])
        local = address.split("@")[0].lower()
        if local == "silent-rcpt":
            await asyncio.sleep(3600)
        if local == "closing":
            asyncio.get_running_loop().call_soon(server.transport.close)
            return "421 4.3.2 Service shutting down, closing connection"
        reply = RCPT_REPLIES.get(local)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options_each = getattr(envelope, "rcpt_options_each", []) + [rcpt_options]
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        locals_ = {r.split("@")[0].lower() for r in envelope.rcpt_tos}
        if "silent" in locals_:
            await asyncio.sleep(3600)
        if "drop-after-content" in locals_:
            server.transport.close()
            await asyncio.sleep(3600)
        for local, reply in DATA_REPLIES.items():
            if local in locals_:
                return reply
        headers = BytesHeaderParser().parsebytes(envelope.original_content or envelope.content)
        digest = hashlib.sha256(envelope.original_content).hexdigest()
        if self.save_dir:
            with open(os.path.join(self.save_dir, digest + ".eml"), "wb") as f:
                f.write(envelope.original_content)
        with open(self.record, "a", encoding="utf-8") as f:
            f.write(json.dumps({"t": time.time(), "from": envelope.mail_from, "rcpt": list(envelope.rcpt_tos),
                                "subject": str(headers.get("Subject", "")), "peer": session.peer[1],
                                "auth": getattr(session, "mechanism", None), "auth_user": getattr(session, "auth_user", None),
                                "pipelined": getattr(session, "pipelined", False),
                                "mail_options": envelope.mail_options, "rcpt_options": getattr(envelope, "rcpt_options_each", []),
                                "bdat": getattr(envelope, "chunks", 0),
                                "one_write": getattr(session, "one_write", False),
                                "sha256": digest}) + "\n")
        session.transactions = getattr(session, "transactions", 0) + 1
        if "hangup-after" in locals_:
            asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 2.0.0 OK accepted"


class ChunkingSMTP(SMTP):
    """aiosmtpd's SMTP with BDAT (RFC 3030): chunks of exactly the announced size, no dot-stuffing; and the DSN
    parameters (RFC 3461), which aiosmtpd refuses as unknown, taken out before it parses the rest."""

    dsn = False
    greeting = None

    async def _handle_client(self):
        # A provider that refuses our IP (or is overloaded) says so in its greeting and closes.
        if self.greeting:
            await self.push(GREETINGS.get(self.greeting, f"{self.greeting} 5.7.1 Service unavailable; client host blocked"))
            self.transport.close()
            return
        await super()._handle_client()

    async def smtp_MAIL(self, arg):
        arg, taken = self._take_dsn(arg, DSN_MAIL)
        self._dsn_mail = taken
        await super().smtp_MAIL(arg)

    async def smtp_RCPT(self, arg):
        arg, taken = self._take_dsn(arg, DSN_RCPT)
        self._dsn_rcpt = taken
        await super().smtp_RCPT(arg)

    async def smtp_DATA(self, arg):
        locals_ = {r.split("@")[0].lower() for r in self.envelope.rcpt_tos}
        if "refuse-data" in locals_:
            self._set_rset_state()
            await self.push("554 5.5.0 DATA refused for this transaction")
            return
        if "drop-at-data" in locals_:
            self.transport.close()
            return
        await super().smtp_DATA(arg)

    def _take_dsn(self, arg, names):
        if not self.dsn or not arg:
            return arg, []
        words = arg.split(" ")
        taken = [w for w in words[1:] if w.split("=", 1)[0].upper() in names]
        return " ".join([words[0]] + [w for w in words[1:] if w not in taken]), taken

    @syntax("BDAT chunk-size [LAST]")
    async def smtp_BDAT(self, arg):
        words = (arg or "").split()
        if not 1 <= len(words) <= 2 or not words[0].isdigit() or (len(words) == 2 and words[1].upper() != "LAST"):
            # Without a size the data cannot be told from the next command: nothing to do but hang up.
            await self.push("501 5.5.4 Syntax: BDAT chunk-size [LAST]")
            self.transport.close()
            return
        # The chunk is read whatever happens to it, so that the commands after it stay in step (RFC 3030 §2).
        chunk = await self._reader.readexactly(int(words[0]))
        last = len(words) == 2
        refusal = await self._bdat_refusal()
        if refusal:
            # The transaction is over (RFC 3030 §2): chunks still in the pipeline meet no MAIL and are refused too.
            self._set_rset_state()
            await self.push(refusal)
            return
        self.envelope.chunks = getattr(self.envelope, "chunks", 0) + 1
        self.envelope.original_content = (self.envelope.original_content or b"") + chunk
        if self.data_size_limit and len(self.envelope.original_content) > self.data_size_limit:
            self._set_rset_state()
            await self.push("552 5.3.4 Error: too much mail data")
            return
        if not last:
            await self.push(f"250 2.0.0 {len(chunk)} octets received")
            return
        # From here as after DATA's final dot: the same handler, faults and record.
        self.envelope.content = self.envelope.original_content
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()
        await self.push(status)

    async def _bdat_refusal(self):
        if not self.session.host_name:
            return "503 5.5.1 Error: send EHLO first"
        if self._auth_required and not self.session.authenticated:
            return "530 5.7.0 Authentication required"
        if not self.envelope.mail_from:
            return "503 5.5.1 Error: need MAIL command"
        if not self.envelope.rcpt_tos:
            return "554 5.5.1 Error: no valid recipients"
        return None


class ChunkingController(Controller):
    def factory(self):
        return ChunkingSMTP(self.handler, **self.SMTP_kwargs)


class Authenticator:
    def __init__(self, login, password):
        self.login, self.password = login.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == self.login and auth_data.password == self.password
        if ok:
            session.mechanism = mechanism
        return AuthResult(success=ok, handled=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--tls", action="store_true", help="offer STARTTLS with a self-signed certificate")
    parser.add_argument("--cert", help="offer STARTTLS with this certificate (PEM)")
    parser.add_argument("--key", help="the private key of --cert (PEM)")
    parser.add_argument("--auth", help="require AUTH as user:password")
    parser.add_argument("--auth-mechanisms", default="PLAIN,LOGIN", help="the mechanisms offered")
    parser.add_argument("--pipelining", action="store_true", help="advertise PIPELINING")
    parser.add_argument("--chunking", action="store_true", help="advertise CHUNKING and take BDAT")
    parser.add_argument("--dsn", action="store_true", help="advertise DSN and take its MAIL and RCPT parameters")
    parser.add_argument("--xoauth2-token", help="offer only XOAUTH2 and accept this bearer token")
    parser.add_argument("--save-dir", help="keep each accepted message in this directory")
    parser.add_argument("--greeting", help="refuse every session at the greeting with this code (e.g. 554, 421)")
    parser.add_argument("--mail-from", choices=sorted(MAIL_REPLIES), help="refuse every MAIL FROM with this code")
    parser.add_argument("--max-size", type=int, help="advertise SIZE and refuse a larger message at MAIL FROM (552)")
    parser.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte instead of STARTTLS")
    args = parser.parse_args()
    tls = None
    if args.cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.cert, args.key)
    elif args.tls:
        directory = tempfile.mkdtemp(prefix="fault-smtp-")
        cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(cert, key)
    options = {}
    if args.auth:
        login, password = args.auth.split(":", 1)
        offered = {m.strip().upper() for m in args.auth_mechanisms.split(",")}
        options = {"authenticator": Authenticator(login, password), "auth_required": True,
                   "auth_require_tls": tls is not None,
                   "auth_exclude_mechanism": [m for m in ("PLAIN", "LOGIN") if m not in offered]}
    elif args.xoauth2_token:
        options = {"authenticator": lambda *a: AuthResult(success=False, handled=False), "auth_required": True,
                   "auth_require_tls": tls is not None and not args.implicit_tls, "auth_exclude_mechanism": ["PLAIN", "LOGIN"]}
    if args.max_size:
        options["data_size_limit"] = args.max_size
    ChunkingSMTP.dsn = args.dsn
    ChunkingSMTP.greeting = args.greeting
    if args.implicit_tls:
        options["ssl_context"] = tls
        tls = None
    controller = ChunkingController(
        Faults(args.record, args.pipelining, args.chunking, args.dsn, args.xoauth2_token, args.save_dir, args.mail_from), hostname="127.0.0.1", port=args.port,
        tls_context=tls, require_starttls=False, **options)
    controller.start()
    print(f"fault smtp listening on 127.0.0.1:{args.port}", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()
