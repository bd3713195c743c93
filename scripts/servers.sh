#!/usr/bin/env bash
# Installs (if missing) and starts (if not running) the real servers that Queue
# and its tests need: Redis 7, RabbitMQ 3.10 (+ management), maildev 3.0.0 and
# Dovecot 2.3 (the bounce mailbox: IMAP for Queue's reader, LMTP for delivery);
# dnsmasq is only installed: the reputation tests start their own on a free port.
# Everything listens on 127.0.0.1 only. Idempotent: a second `start` only checks.
#
# Usage: scripts/servers.sh [start|stop|status]     (default: start)
#
# Environment overrides (defaults in brackets):
#   REDIS_PORT [6379]  AMQP_PORT [5672]  RABBIT_MGMT_PORT [15672]
#   SMTP_PORT [1025]   MAILDEV_WEB_PORT [1080]
#   IMAP_PORT [10143]  LMTP_PORT [10024]
#   BOUNCES_PASSWORD [generated once into <run dir>/dovecot/bounces.secret]
#   RABBIT_TIMEOUT [90] seconds to wait for RabbitMQ to become ready
#   QUEUE_RUN_DIR [<repo>/.run]  QUEUE_TOOLS_DIR [<repo>/.tools]
#   RABBIT_VHOST [/]  virtual host the broker users below are given permissions on
#   RABBIT_USER_PREFIX []  prepended to every broker user name (tests use it- and delete them after)
#   RABBIT_PASSWORD_<USER> (e.g. RABBIT_PASSWORD_QUEUE_DISPATCHER, RABBIT_PASSWORD_APP_INTRANET): a password
#       given instead of a generated one; generated ones are kept in $QUEUE_RUN_DIR/rabbitmq-users/<user> (mode 600)
#
# Debian 12, run as root. Needs only Debian apt and the npm registry.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${QUEUE_RUN_DIR:-$REPO/.run}"
TOOLS_DIR="${QUEUE_TOOLS_DIR:-$REPO/.tools}"

HOST=127.0.0.1
REDIS_PORT="${REDIS_PORT:-6379}"
AMQP_PORT="${AMQP_PORT:-5672}"
RABBIT_MGMT_PORT="${RABBIT_MGMT_PORT:-15672}"
SMTP_PORT="${SMTP_PORT:-1025}"
MAILDEV_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"
IMAP_PORT="${IMAP_PORT:-10143}"
LMTP_PORT="${LMTP_PORT:-10024}"
RABBIT_TIMEOUT="${RABBIT_TIMEOUT:-90}"

MAILDEV_VERSION=3.0.0
MAILDEV_DIR="$TOOLS_DIR/maildev"
MAILDEV_PID="$RUN_DIR/maildev.pid"
MAILDEV_LOG="$RUN_DIR/maildev.log"
REDIS_PID="$RUN_DIR/redis.pid"
REDIS_LOG="$RUN_DIR/redis.log"
DOVECOT_DIR="${DOVECOT_DIR:-$RUN_DIR/dovecot}"

APT_UPDATED=0

say() { printf 'servers: %s\n' "$*"; }
die() { printf 'servers: ERROR: %s\n' "$*" >&2; exit 1; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null; }

# ---------------------------------------------------------------- installs ---

pkg_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# Waits (up to 10 min) while another apt-get/dpkg run holds the package system.
wait_for_apt() {
    local waited=0
    while pgrep -x apt-get >/dev/null || pgrep -x apt >/dev/null || pgrep -x dpkg >/dev/null \
          || pgrep -x unattended-upgr >/dev/null; do
        if (( waited == 0 )); then say "waiting for another apt/dpkg run to finish..."; fi
        sleep 2; waited=$((waited + 2))
        (( waited < 600 )) || die "apt/dpkg still busy after 600 s"
    done
}

apt_install() {
    (( $# > 0 )) || return 0
    wait_for_apt
    # Re-check: a concurrent apt run may just have installed them.
    local missing=() p
    for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
    (( ${#missing[@]} > 0 )) || return 0
    export DEBIAN_FRONTEND=noninteractive
    if (( APT_UPDATED == 0 )); then
        say "apt-get update"
        apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
        APT_UPDATED=1
    fi
    say "installing: ${missing[*]}"
    apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}" >/dev/null
}

ensure_packages() {
    # python3-dkim: the independent DKIM verifier of the SMTP tests (tests/smtp-fault-server/dkim_verify.py).
    local want=(redis-server redis-tools rabbitmq-server python3-pika python3-aiosmtpd python3-dkim curl dnsmasq-base dovecot-imapd dovecot-lmtpd)
    local missing=() p
    for p in "${want[@]}"; do pkg_installed "$p" || missing+=("$p"); done
    # Node.js: keep whatever node the machine has (this image ships Node 20);
    # only fall back to Debian's packages when there is none at all.
    if ! command -v node >/dev/null 2>&1; then
        missing+=(nodejs npm)
    elif ! command -v npm >/dev/null 2>&1; then
        missing+=(npm)
    fi
    apt_install "${missing[@]}"
    local major
    major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
    if (( major < 20 )); then
        say "WARNING: node $(node --version 2>/dev/null || echo '?') is older than maildev 3 requires (>=20)"
    fi
}

ensure_maildev() {
    local installed=""
    if [[ -f "$MAILDEV_DIR/node_modules/maildev/package.json" ]]; then
        installed="$(node -p "require('$MAILDEV_DIR/node_modules/maildev/package.json').version" 2>/dev/null || true)"
    fi
    if [[ "$installed" != "$MAILDEV_VERSION" || ! -x "$MAILDEV_DIR/node_modules/.bin/maildev" ]]; then
        say "installing maildev@$MAILDEV_VERSION into $MAILDEV_DIR"
        mkdir -p "$MAILDEV_DIR"
        # The overrides replace exact pins of mailparser 3.14.2 / libmime 5.6.x on
        # patch releases that the npm registry reachable here does not serve
        # (@zone-eu/mailsplit 5.4.30, encoding-japanese 2.5.0, libqp 3.0.1).
        # The replacements are earlier patch releases of the same packages.
        cat >"$MAILDEV_DIR/package.json" <<EOF
{
  "name": "queue-maildev",
  "private": true,
  "description": "maildev for Queue's local servers (installed by scripts/servers.sh)",
  "dependencies": { "maildev": "$MAILDEV_VERSION" },
  "overrides": {
    "@zone-eu/mailsplit": "5.4.19",
    "encoding-japanese": "2.4.0",
    "libmime": "5.4.6"
  }
}
EOF
        (cd "$MAILDEV_DIR" && npm install --prefix "$MAILDEV_DIR" --no-audit --no-fund \
            --loglevel=error >"$RUN_DIR/maildev-npm.log" 2>&1) || {
            tail -n 30 "$RUN_DIR/maildev-npm.log" >&2
            die "npm install of maildev@$MAILDEV_VERSION failed (log: $RUN_DIR/maildev-npm.log)"
        }
    fi
    # Preloaded into maildev: answer smtp-server's reverse-DNS lookup of the
    # client address locally, so accepting a connection never queries DNS.
    cat >"$MAILDEV_DIR/no-reverse-dns.cjs" <<'EOF'
// Loaded by scripts/servers.sh via NODE_OPTIONS=--require: maildev (smtp-server)
// reverse-resolves every client IP; on a closed network that is a DNS query
// per connection (up to 1.5 s). Clients here are always local.
const dns = require('node:dns');
dns.reverse = (ip, callback) => process.nextTick(callback, null, []);
EOF
}

# ------------------------------------------------------------------- redis ---

redis_up() { [[ "$(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null || true)" == PONG ]]; }

start_redis() {
    if redis_up; then say "redis already running on $HOST:$REDIS_PORT"; return; fi
    mkdir -p "$RUN_DIR/redis"
    redis-server --port "$REDIS_PORT" --bind "$HOST" --protected-mode yes \
        --appendonly yes --appendfsync always --maxmemory-policy noeviction --dir "$RUN_DIR/redis" \
        --daemonize yes --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" \
        || die "redis-server failed to start (log: $REDIS_LOG)"
    local i
    for i in $(seq 1 50); do
        redis_up && { say "redis ready on $HOST:$REDIS_PORT"; return; }
        sleep 0.2
    done
    tail -n 20 "$REDIS_LOG" >&2 || true
    die "redis did not answer PING on $HOST:$REDIS_PORT"
}

stop_redis() {
    if redis_up; then
        redis-cli -h "$HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    elif [[ -f "$REDIS_PID" ]] && kill -0 "$(cat "$REDIS_PID")" 2>/dev/null; then
        kill "$(cat "$REDIS_PID")" || true
    fi
    local i
    for i in $(seq 1 50); do redis_up || break; sleep 0.2; done
    redis_up && die "redis still running on $HOST:$REDIS_PORT"
    rm -f "$REDIS_PID"
    say "redis stopped"
}

# ---------------------------------------------------------------- rabbitmq ---

# The node's Erlang port mapper and distribution port listen on loopback only;
# CLI tools reach the node through the host name, so that must be loopback too
# (else use rabbit@localhost for both the server and the CLI).
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
HOST_ADDRS="$(getent ahostsv4 "$(hostname -s)" 2>/dev/null | awk '{print $1}' || true)"
if [[ -z "${RABBITMQ_NODENAME:-}" && "$HOST_ADDRS" != *127.* ]]; then
    export RABBITMQ_NODENAME=rabbit@localhost
fi

rabbit_log() { ls -t /var/log/rabbitmq/*.log 2>/dev/null | grep -v -e _upgrade -e startup | head -n 1 || true; }

mgmt_up() { curl -fsS -m 5 -u guest:guest "http://$HOST:$RABBIT_MGMT_PORT/api/overview" >/dev/null 2>&1; }
rabbit_up() { mgmt_up && port_open "$AMQP_PORT"; }
rabbit_node_running() { rabbitmqctl -q ping >/dev/null 2>&1; }

write_rabbit_config() {
    local conf="$RUN_DIR/rabbitmq/rabbitmq.conf"
    mkdir -p "$RUN_DIR/rabbitmq"
    cat >"$conf" <<EOF
# Generated by scripts/servers.sh: loopback-only RabbitMQ for Queue.
listeners.tcp.1 = $HOST:$AMQP_PORT
management.tcp.ip = $HOST
management.tcp.port = $RABBIT_MGMT_PORT
loopback_users.guest = true
EOF
    # The node runs as user rabbitmq; if it cannot read the repo, use a copy.
    if ! su rabbitmq -s /bin/sh -c "test -r '$conf'" 2>/dev/null; then
        cp "$conf" /var/lib/rabbitmq/queue-rabbitmq.conf
        chown rabbitmq:rabbitmq /var/lib/rabbitmq/queue-rabbitmq.conf
        conf=/var/lib/rabbitmq/queue-rabbitmq.conf
    fi
    export RABBITMQ_CONFIG_FILE="$conf"
}

ensure_mgmt_plugin_offline() {
    if ! grep -qs 'rabbitmq_management[],. ]' /etc/rabbitmq/enabled_plugins; then
        say "enabling rabbitmq_management plugin"
        rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
    fi
}

fail_rabbit() {
    local log; log="$(rabbit_log)"
    if [[ -n "$log" ]]; then
        printf 'servers: ---- tail of %s ----\n' "$log" >&2
        tail -n 40 "$log" >&2
    fi
    if [[ -s "$RUN_DIR/rabbitmq/start.log" ]]; then
        printf 'servers: ---- %s ----\n' "$RUN_DIR/rabbitmq/start.log" >&2
        tail -n 20 "$RUN_DIR/rabbitmq/start.log" >&2
    fi
    die "$1"
}

start_rabbit() {
    if rabbit_up; then say "rabbitmq already running on $HOST:$AMQP_PORT"; return; fi
    write_rabbit_config
    local start=$SECONDS
    if rabbit_node_running; then
        # A node is up but the management API or AMQP port is not (yet) answering.
        rabbitmq-plugins enable rabbitmq_management >/dev/null 2>&1 || true
    else
        ensure_mgmt_plugin_offline
        say "starting rabbitmq (can take ~10-30 s)"
        export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
        rabbitmq-server -detached >"$RUN_DIR/rabbitmq/start.log" 2>&1 \
            || fail_rabbit "rabbitmq-server -detached failed"
        # Blocks until the broker has booted (or the timeout runs out).
        rabbitmqctl -q await_startup --timeout "$RABBIT_TIMEOUT" >/dev/null 2>&1 || true
    fi
    while (( SECONDS - start < RABBIT_TIMEOUT )); do
        if rabbit_up; then
            say "rabbitmq ready on $HOST:$AMQP_PORT (management $HOST:$RABBIT_MGMT_PORT) after $((SECONDS - start)) s"
            return
        fi
        sleep 1
    done
    fail_rabbit "rabbitmq not ready after $RABBIT_TIMEOUT s (AMQP $HOST:$AMQP_PORT, API http://$HOST:$RABBIT_MGMT_PORT/api/overview)"
}

stop_rabbit() {
    if rabbit_node_running; then
        rabbitmqctl -q stop >/dev/null 2>&1 || true
    fi
    local i
    for i in $(seq 1 60); do port_open "$AMQP_PORT" || break; sleep 0.5; done
    port_open "$AMQP_PORT" && die "rabbitmq still listening on $HOST:$AMQP_PORT"
    # `rabbitmqctl stop` returns before the Erlang VM has exited; wait for it so
    # an immediate `start` does not find a half-stopped node. (epmd stays up.)
    for i in $(seq 1 60); do pgrep -u rabbitmq -x beam.smp >/dev/null || break; sleep 0.5; done
    pgrep -u rabbitmq -x beam.smp >/dev/null && die "rabbitmq VM (beam.smp) still running after stop"
    say "rabbitmq stopped"
}

# ----------------------------------------------------------------- maildev ---

maildev_up() {
    curl -fsS -m 5 "http://$HOST:$MAILDEV_WEB_PORT/api/email?limit=1" >/dev/null 2>&1 && port_open "$SMTP_PORT"
}

maildev_pid_alive() { [[ -f "$MAILDEV_PID" ]] && kill -0 "$(cat "$MAILDEV_PID")" 2>/dev/null; }

start_maildev() {
    if maildev_up; then say "maildev already running on $HOST:$SMTP_PORT"; return; fi
    if maildev_pid_alive; then kill "$(cat "$MAILDEV_PID")" 2>/dev/null || true; sleep 1; fi
    # Mail is kept in memory (a restart empties the inbox); each message's raw
    # .eml still goes to $TMPDIR/maildev, so point TMPDIR into .run/.
    mkdir -p "$RUN_DIR/maildev-tmp"
    # No --outgoing-*/--auto-relay: maildev never relays anything.
    # The shell writes its own pid, then execs (nohup -> env -> node keep that pid).
    # The redirections cover the whole subshell: nothing may keep the caller's stdout open, or a caller that
    # pipes this script (CI does) would wait for maildev to exit.
    (cd "$RUN_DIR" && exec setsid sh -c 'echo $$ >"$0"; exec "$@"' "$MAILDEV_PID" \
        nohup env TMPDIR="$RUN_DIR/maildev-tmp" \
        NODE_OPTIONS="--require \"$MAILDEV_DIR/no-reverse-dns.cjs\"" \
        "$MAILDEV_DIR/node_modules/.bin/maildev" \
            --ip "$HOST" --smtp "$SMTP_PORT" \
            --web-ip "$HOST" --web "$MAILDEV_WEB_PORT" \
            --max-emails 0) </dev/null >"$MAILDEV_LOG" 2>&1 &
    local i
    for i in $(seq 1 150); do
        if maildev_up; then say "maildev ready: SMTP $HOST:$SMTP_PORT, web/REST http://$HOST:$MAILDEV_WEB_PORT"; return; fi
        if (( i > 5 )) && ! maildev_pid_alive; then break; fi
        sleep 0.2
    done
    tail -n 30 "$MAILDEV_LOG" >&2 || true
    die "maildev did not come up (log: $MAILDEV_LOG)"
}

stop_maildev() {
    if maildev_pid_alive; then
        local pid; pid="$(cat "$MAILDEV_PID")"
        kill "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    elif maildev_up; then
        say "WARNING: maildev on $HOST:$SMTP_PORT has no pid file ($MAILDEV_PID); not stopping it"
        return
    fi
    rm -f "$MAILDEV_PID"
    say "maildev stopped"
}

# ----------------------------------------------------------------- dovecot ---
# The bounce mailbox. A Dovecot of its own (config, base_dir, state, log and
# maildirs under $DOVECOT_DIR), never the system one: loopback only, no TLS.
# Any user name logs in with the one dev secret and gets a maildir of its own,
# so each test reads a mailbox nobody else writes to; Queue's is `bounces`.
# Mail arrives by LMTP as from the MTA in production (RCPT TO:<user@anything>).
# Also usable alone for a private instance: DOVECOT_DIR=... IMAP_PORT=... LMTP_PORT=...
# scripts/servers.sh dovecot-start|dovecot-stop.

dovecot_pid_alive() { [[ -f "$DOVECOT_DIR/base/master.pid" ]] && kill -0 "$(cat "$DOVECOT_DIR/base/master.pid")" 2>/dev/null; }
dovecot_up() { dovecot_pid_alive && port_open "$IMAP_PORT" && port_open "$LMTP_PORT"; }

write_dovecot_config() {
    mkdir -p "$DOVECOT_DIR/base" "$DOVECOT_DIR/state" "$DOVECOT_DIR/mail"
    chown mail:mail "$DOVECOT_DIR/mail"
    if [[ -n "${BOUNCES_PASSWORD:-}" ]]; then
        printf '%s\n' "$BOUNCES_PASSWORD" >"$DOVECOT_DIR/bounces.secret"
    elif [[ ! -s "$DOVECOT_DIR/bounces.secret" ]]; then
        head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$DOVECOT_DIR/bounces.secret"
    fi
    chmod 600 "$DOVECOT_DIR/bounces.secret"
    cat >"$DOVECOT_DIR/dovecot.conf" <<EOF
# Generated by scripts/servers.sh: the bounce mailbox for Queue, loopback only.
protocols = imap lmtp
listen = $HOST
base_dir = $DOVECOT_DIR/base
state_dir = $DOVECOT_DIR/state
log_path = $DOVECOT_DIR/dovecot.log
instance_name = queue-dovecot-$IMAP_PORT
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# user@domain (LMTP's RCPT TO) and user (IMAP login) are the same mailbox.
auth_username_format = %Ln
mail_location = maildir:$DOVECOT_DIR/mail/%n
first_valid_uid = 8
first_valid_gid = 8
default_internal_user = mail
default_login_user = mail
passdb {
  driver = static
  args = password=$(cat "$DOVECOT_DIR/bounces.secret")
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$DOVECOT_DIR/mail/%n allow_all_users=yes
}
service imap-login {
  inet_listener imap {
    address = $HOST
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = $HOST
    port = $LMTP_PORT
  }
}
EOF
}

start_dovecot() {
    if dovecot_up; then say "dovecot already running: IMAP $HOST:$IMAP_PORT, LMTP $HOST:$LMTP_PORT"; return; fi
    if port_open "$IMAP_PORT" || port_open "$LMTP_PORT"; then
        die "port $IMAP_PORT or $LMTP_PORT is taken by another process (another checkout's Dovecot?): stop it, or set IMAP_PORT/LMTP_PORT"
    fi
    write_dovecot_config
    dovecot -c "$DOVECOT_DIR/dovecot.conf" || die "dovecot failed to start (log: $DOVECOT_DIR/dovecot.log)"
    local i
    for i in $(seq 1 50); do
        if dovecot_up; then
            say "dovecot ready: IMAP $HOST:$IMAP_PORT, LMTP $HOST:$LMTP_PORT (user bounces, secret in $DOVECOT_DIR/bounces.secret)"
            return
        fi
        sleep 0.2
    done
    tail -n 20 "$DOVECOT_DIR/dovecot.log" >&2 || true
    die "dovecot did not listen on $HOST:$IMAP_PORT/$LMTP_PORT (log: $DOVECOT_DIR/dovecot.log)"
}

stop_dovecot() {
    if dovecot_pid_alive; then
        local pid; pid="$(cat "$DOVECOT_DIR/base/master.pid")"
        kill "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        say "dovecot stopped"
    fi
}

# ------------------------------------------------------------ broker users ---
# One RabbitMQ user per service and per sample application, least privilege (docs/security.md); guest stays for
# development tools only (RabbitMQ lets it in from loopback only). Permissions are regular expressions on names:
# configure (declare/delete), write (publish to an exchange, bind), read (consume, bind from).

RABBIT_VHOST="${RABBIT_VHOST:-/}"
RABBIT_USER_PREFIX="${RABBIT_USER_PREFIX:-}"
RABBIT_USERS_DIR="$RUN_DIR/rabbitmq-users"

# Services: what MassTransit needs on their virtual host (it declares its exchanges, queues and bindings),
# and the management API's read-only view (tag monitoring) for queue depths.
RABBIT_SERVICE_USERS=(queue-dispatcher queue-gateway queue-monitor)
# Applications (Applications:Registered:N:AmqpUser): publish to the SendEmail exchange only. They may not
# declare anything, read anything or write into the dispatcher's lanes and wait queues, which skip intake.
# demo.py publishes as app-intranet.
RABBIT_APP_USERS=(app-intranet app-secretaria app-sistemas)
RABBIT_APP_WRITE='^Queue\.Contracts:SendEmail$'

# rabbit_password USER: the password given in RABBIT_PASSWORD_<USER>, else the one generated at first start.
rabbit_password() {
    local var="RABBIT_PASSWORD_$(printf '%s' "$1" | tr 'a-z-' 'A-Z_')" file="$RABBIT_USERS_DIR/$RABBIT_USER_PREFIX$1"
    if [[ -n "${!var:-}" ]]; then printf '%s' "${!var}"; return; fi
    if [[ ! -s "$file" ]]; then
        mkdir -p "$RABBIT_USERS_DIR"
        chmod 700 "$RABBIT_USERS_DIR"
        (umask 077; head -c 33 /dev/urandom | base64 | tr '+/' '-_' >"$file")
    fi
    chmod 600 "$file"
    cat "$file"
}

# rabbit_user USER TAGS CONFIGURE WRITE READ: creates the user or resets its password, tags and permissions.
rabbit_user() {
    local user="$RABBIT_USER_PREFIX$1" password
    password="$(rabbit_password "$1")"
    if rabbitmqctl -q list_users 2>/dev/null | awk '{print $1}' | grep -qxF "$user"; then
        rabbitmqctl -q change_password "$user" "$password" >/dev/null
    else
        rabbitmqctl -q add_user "$user" "$password" >/dev/null
    fi
    rabbitmqctl -q set_user_tags "$user" $2 >/dev/null
    rabbitmqctl -q set_permissions -p "$RABBIT_VHOST" "$user" "$3" "$4" "$5" >/dev/null
}

ensure_rabbit_users() {
    local user
    for user in "${RABBIT_SERVICE_USERS[@]}"; do rabbit_user "$user" monitoring '.*' '.*' '.*'; done
    for user in "${RABBIT_APP_USERS[@]}"; do rabbit_user "$user" "" '^$' "$RABBIT_APP_WRITE" '^$'; done
    say "rabbitmq users: ${RABBIT_SERVICE_USERS[*]} ${RABBIT_APP_USERS[*]} (passwords in ${RABBIT_USERS_DIR#"$REPO"/}/)"
}

# -------------------------------------------------------------------- main ---

cmd_start() {
    [[ "$(id -u)" == 0 ]] || die "run as root (installs Debian packages, starts rabbitmq as user rabbitmq)"
    mkdir -p "$RUN_DIR" "$TOOLS_DIR"
    ensure_packages
    ensure_maildev
    start_redis
    start_rabbit
    ensure_rabbit_users
    start_maildev
    start_dovecot
    say "all servers up"
    say "maildev UI:   http://$HOST:$MAILDEV_WEB_PORT   (REST: http://$HOST:$MAILDEV_WEB_PORT/api/email)"
    say "RabbitMQ UI:  http://$HOST:$RABBIT_MGMT_PORT   (guest/guest: development only)"
}

cmd_stop() {
    stop_dovecot
    stop_maildev
    if command -v rabbitmqctl >/dev/null 2>&1; then stop_rabbit; fi
    if command -v redis-cli >/dev/null 2>&1; then stop_redis; fi
}

cmd_status() {
    local ok=0
    report() { if "$2"; then say "$1 up   ($3)"; else say "$1 down ($3)"; ok=1; fi; }
    report redis    redis_up    "$HOST:$REDIS_PORT"
    report rabbitmq rabbit_up   "amqp $HOST:$AMQP_PORT, http://$HOST:$RABBIT_MGMT_PORT"
    report maildev  maildev_up  "smtp $HOST:$SMTP_PORT, http://$HOST:$MAILDEV_WEB_PORT"
    report dovecot  dovecot_up  "imap $HOST:$IMAP_PORT, lmtp $HOST:$LMTP_PORT"
    return "$ok"
}

case "${1:-start}" in
    start)  cmd_start ;;
    stop)   cmd_stop ;;
    status) cmd_status ;;
    dovecot-start) apt_install dovecot-imapd dovecot-lmtpd; start_dovecot ;;
    dovecot-stop)  stop_dovecot ;;
    -h|--help|help) sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$1' (use start, stop or status)" ;;
esac
