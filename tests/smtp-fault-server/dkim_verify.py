#!/usr/bin/python3
"""Verifies the DKIM signature of a message with dkimpy (Debian python3-dkim), an implementation independent of
MimeKit's, without DNS: the selector's TXT record is given on the command line.

Usage: /usr/bin/python3 dkim_verify.py MESSAGE.eml SELECTOR DOMAIN PUBLIC_KEY.pem
Prints "pass" and exits 0 when the signature verifies; prints "fail" and exits 1 otherwise.
"""
import base64
import sys

import dkim


def main():
    message_path, selector, domain, key_path = sys.argv[1:5]
    with open(message_path, "rb") as f:
        message = f.read()
    with open(key_path, encoding="ascii") as f:
        der = base64.b64decode("".join(l for l in f.read().splitlines() if not l.startswith("-----")))
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(der)
    name = f"{selector}._domainkey.{domain}.".encode()

    def dnsfunc(queried, timeout=5):
        return record if queried.rstrip(b".") == name.rstrip(b".") else None

    ok = dkim.verify(message, dnsfunc=dnsfunc)
    print("pass" if ok else "fail")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
