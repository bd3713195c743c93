#!/usr/bin/python3
"""Publish demo Queue.Contracts:SendEmail commands to RabbitMQ as raw MassTransit envelopes.

Usage: /usr/bin/python3 scripts/demo.py [--count N] [--amqp URL] [--from ADDR] [--to ADDR]
                                        [--wait SECONDS [--maildev URL]]

It publishes as the sample application "intranet": RabbitMQ user app-intranet, whose password
scripts/servers.sh generated in .run/rabbitmq-users/app-intranet, with the AMQP user-id property set to that
user (RabbitMQ checks it; the dispatcher, with Applications:RequireIdentity, maps it to the application and
the accounts it may send as). That user may only publish to the SendEmail exchange.

Each message goes to the fanout exchange "Queue.Contracts:SendEmail" (the exchange
MassTransit binds the consumer's queue to), persistent, with publisher confirms.
With --wait it then waits until maildev has every one of them (matched by X-Queue-Request-Id, so other
mail in the shared mailbox does not count) and exits 3 if some did not arrive in time.
Needs only pika (Debian: python3-pika; scripts/servers.sh installs it).
"""
import argparse
import datetime
import json
import os
import socket
import sys
import urllib.parse
import time
import urllib.request
import uuid

import pika

EXCHANGE = "Queue.Contracts:SendEmail"
MESSAGE_URN = "urn:message:Queue.Contracts:SendEmail"
CONTENT_TYPE = "application/vnd.masstransit+json"

# (subject, text body, html body) — plausible municipal notices.
SAMPLES = [
    (
        "Recordatorio: reunión de coordinación",
        "Buenos días.\n\nLe recordamos la reunión de coordinación de secretarías el jueves "
        "a las 9:00 a. m. en el salón del Concejo.\n\nCordialmente,\nOficina de Comunicaciones",
        "<p>Buenos días.</p><p>Le recordamos la <strong>reunión de coordinación de secretarías</strong> "
        "el jueves a las 9:00 a.&nbsp;m. en el salón del Concejo.</p><p>Cordialmente,<br>Oficina de Comunicaciones</p>",
    ),
    (
        "Aviso: mantenimiento programado de la intranet",
        "La intranet no estará disponible el sábado entre las 8:00 p. m. y las 11:00 p. m. "
        "por mantenimiento programado.\n\nSubsecretaría de Sistemas",
        "<p>La intranet <strong>no estará disponible</strong> el sábado entre las 8:00 p.&nbsp;m. "
        "y las 11:00 p.&nbsp;m. por mantenimiento programado.</p><p>Subsecretaría de Sistemas</p>",
    ),
    (
        "Circular: actualización de datos en el sistema de talento humano",
        "Solicitamos a todos los funcionarios actualizar sus datos personales en el sistema "
        "de talento humano antes del viernes.\n\nSecretaría General",
        "<p>Solicitamos a todos los funcionarios <em>actualizar sus datos personales</em> en el sistema "
        "de talento humano antes del viernes.</p><p>Secretaría General</p>",
    ),
    (
        "Convocatoria: capacitación en atención al ciudadano",
        "Está invitado a la capacitación en atención al ciudadano el martes a las 2:00 p. m. "
        "en el auditorio de la Alcaldía.\n\nSecretaría de Gobierno",
        "<p>Está invitado a la <strong>capacitación en atención al ciudadano</strong> el martes "
        "a las 2:00 p.&nbsp;m. en el auditorio de la Alcaldía.</p><p>Secretaría de Gobierno</p>",
    ),
    (
        "Notificación: radicado de correspondencia pendiente de respuesta",
        "Tiene un radicado de correspondencia pendiente de respuesta. Por favor revíselo en "
        "la ventanilla única antes del vencimiento del término.\n\nVentanilla Única",
        "<p>Tiene un <strong>radicado de correspondencia</strong> pendiente de respuesta. Por favor "
        "revíselo en la ventanilla única antes del vencimiento del término.</p><p>Ventanilla Única</p>",
    ),
]


def display_to(address):
    """'funcionario@pasto.gov.co' -> 'Funcionario <funcionario@pasto.gov.co>'."""
    if "<" in address:
        return address
    local = address.split("@", 1)[0]
    name = " ".join(part.capitalize() for part in local.replace(".", " ").replace("_", " ").split())
    return f"{name} <{address}>" if name else address


def envelope(index, count, sender, recipient):
    subject, text, html = SAMPLES[(index - 1) % len(SAMPLES)]
    request_id = str(uuid.uuid4())
    now = datetime.datetime.now(datetime.timezone.utc)
    body = {
        "messageId": str(uuid.uuid4()),
        "conversationId": str(uuid.uuid4()),
        "messageType": [MESSAGE_URN],
        "sentTime": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "headers": {},
        "host": {"machineName": socket.gethostname(), "processName": "demo.py"},
        "message": {
            "requestId": request_id,
            "from": sender,
            "to": [display_to(recipient)],
            "cc": [],
            "bcc": [],
            "replyTo": [],
            "subject": f"Demo {index} of {count}: {subject}",
            "textBody": text,
            "htmlBody": html,
            "attachments": [],
            "category": "Operational",
            "priority": "Normal",
            "application": "demo",
            "tags": ["demo"],
        },
    }
    return request_id, body


def default_amqp_url():
    """amqp://app-intranet:<its generated password>@127.0.0.1:5672/, or AMQP_URL."""
    if os.environ.get("AMQP_URL"):
        return os.environ["AMQP_URL"]
    run_dir = os.environ.get("QUEUE_RUN_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".run"))
    try:
        with open(os.path.join(run_dir, "rabbitmq-users", "app-intranet")) as f:
            password = f.read().strip()
    except OSError:
        sys.exit("demo.py: no password for RabbitMQ user app-intranet in .run/rabbitmq-users/ (run scripts/servers.sh start), "
                 "or give --amqp / AMQP_URL")
    return f"amqp://app-intranet:{urllib.parse.quote(password, safe='')}@127.0.0.1:5672/"


def arrived(maildev, ids):
    """How many of the request ids maildev holds; 0 while its REST API does not answer."""
    try:
        with urllib.request.urlopen(maildev.rstrip("/") + "/api/email", timeout=5) as response:
            mails = json.load(response)
    except (OSError, ValueError):
        return 0
    return sum(1 for m in mails if m.get("headers", {}).get("x-queue-request-id") in ids)


def wait_for(maildev, ids, seconds):
    start = time.monotonic()
    count = 0
    while time.monotonic() - start < seconds:
        count = arrived(maildev, ids)
        if count >= len(ids):
            break
        time.sleep(1)
    return count, time.monotonic() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5, help="messages to publish (default 5)")
    parser.add_argument("--amqp", default=None,
                        help="AMQP URL (default: user app-intranet with its password from .run/rabbitmq-users/)")
    parser.add_argument("--from", dest="sender", default="intranet@pasto.gov.co", help="sender address")
    parser.add_argument("--to", dest="recipient", default="funcionario@pasto.gov.co", help="recipient address")
    parser.add_argument("--wait", type=float, metavar="SECONDS",
                        help="then wait up to SECONDS for every message to arrive at maildev")
    parser.add_argument("--maildev", default="http://127.0.0.1:1080/", help="maildev web/REST URL (with --wait)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")

    args.amqp = args.amqp or default_amqp_url()
    params = pika.URLParameters(args.amqp)
    params.client_properties = {"connection_name": "Queue demo.py"}
    try:
        connection = pika.BlockingConnection(params)
    except pika.exceptions.AMQPError as exc:
        print(f"demo.py: cannot connect to {params.host}:{params.port} as {params.credentials.username}: {exc!r} "
              "(is RabbitMQ up? scripts/servers.sh start)",
              file=sys.stderr)
        return 2
    ids = set()
    try:
        channel = connection.channel()
        # An application may not declare anything: the dispatcher declared the exchange; a passive declare checks it.
        channel.exchange_declare(exchange=EXCHANGE, passive=True)
        channel.confirm_delivery()
        for i in range(1, args.count + 1):
            request_id, body = envelope(i, args.count, args.sender, args.recipient)
            props = pika.BasicProperties(
                content_type=CONTENT_TYPE,
                delivery_mode=2,
                message_id=body["messageId"],
                user_id=params.credentials.username,
            )
            # With confirms on, basic_publish raises if the broker nacks.
            channel.basic_publish(exchange=EXCHANGE, routing_key="",
                                  body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                                  properties=props)
            print(request_id, flush=True)
            ids.add(request_id)
    finally:
        connection.close()
    if args.wait is not None:
        count, waited = wait_for(args.maildev, ids, args.wait)
        print(f"demo.py: {count} of {len(ids)} mails arrived at maildev after {waited:.0f} s", file=sys.stderr)
        if count < len(ids):
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
