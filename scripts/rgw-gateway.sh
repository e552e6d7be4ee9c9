#!/usr/bin/env bash
# An extra radosgw gateway on the cluster scripts/rgw-up.sh started (same monitor, OSD, users and
# buckets), on its own port, for tests that kill a gateway mid-write (test/e2e/rgw-faults.e2e.test.ts):
# killing it leaves the gateway on ${RGW_PORT:-7480} that every other S3 test uses untouched.
#   rgw-gateway.sh start NAME PORT   start it (idempotent), return once it answers
#   rgw-gateway.sh kill NAME PORT    SIGKILL it (a crash, not a shutdown), return once the port is closed
#                                    and the dead gateway is fenced (see below)
#   rgw-gateway.sh stop NAME PORT    stop it politely; nothing running is fine
# scripts/rgw-down.sh stops these gateways too.
#
# Fencing: every gateway watches the zone's control objects, and a bucket-metadata change (create a
# bucket, set its Object Lock configuration) waits for every watcher to acknowledge. A SIGKILLed
# gateway's watch lingers until it times out (30 s), stalling such changes on every gateway of the
# cluster. So `start` notes the watcher address of the new gateway and `kill` blocklists it, as Ceph
# fences any dead client: its watches go at once and the other gateways never notice the crash.
set -euo pipefail
D=${RGW_DIR:-/tmp/trailproof-rgw}
CMD=${1:?usage: rgw-gateway.sh start|kill|stop NAME PORT}
NAME=${2:?gateway name, e.g. fault}
PORT=${3:?port, e.g. 7481}
PIDFILE="$D/run/ceph-client.rgw.$NAME.pid"
WATCHERS="$D/run/rgw-$NAME.watchers"
URL="http://127.0.0.1:$PORT"
C=(-c "$D/ceph.conf")

answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/" || true)" = 200 ]; }
closed() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/" || true)" = 000 ]; }
# Client addresses watching the control object every gateway watches (notify.0 of the default zone).
watchers() { rados "${C[@]}" -p default.rgw.control listwatchers notify.0 2>/dev/null | sed -n 's/^watcher=\([^ ]*\) .*/\1/p' | sort; }

case "$CMD" in
  start)
    [ -f "$D/ceph.conf" ] || { echo "no cluster in $D: run scripts/rgw-up.sh first" >&2; exit 1; }
    answers && exit 0
    mkdir -p "$D/rgw-$NAME"
    before=$(watchers)
    # Daemonizes; its pid file, admin socket and log are named after client.rgw.$NAME (ceph.conf's templates).
    radosgw "${C[@]}" -n "client.rgw.$NAME" --rgw_frontends "beast endpoint=127.0.0.1:$PORT" --rgw_data "$D/rgw-$NAME"
    for _ in $(seq 120); do answers && break; sleep 0.25; done
    if answers; then
      # Its watches are set up before it serves; wait a little for them all the same.
      for _ in $(seq 20); do
        comm -13 <(echo "$before") <(watchers) > "$WATCHERS"
        [ -s "$WATCHERS" ] && break
        sleep 0.25
      done
      exit 0
    fi
    echo "gateway $NAME did not answer on $URL; see $D/log/ceph-client.rgw.$NAME.log" >&2
    exit 1
    ;;
  kill | stop)
    signal=$([ "$CMD" = kill ] && echo KILL || echo TERM)
    [ -f "$PIDFILE" ] && kill "-$signal" "$(cat "$PIDFILE")" 2>/dev/null || true
    # A killed daemon may linger as a zombie (no init reaps it here): wait for its port, not its pid.
    for _ in $(seq 80); do
      if closed; then
        if [ "$CMD" = kill ] && [ -s "$WATCHERS" ]; then
          while read -r addr; do ceph "${C[@]}" osd blocklist add "$addr" >/dev/null 2>&1 || true; done < "$WATCHERS"
        fi
        rm -f "$PIDFILE" "$WATCHERS"
        exit 0
      fi
      sleep 0.125
    done
    echo "gateway $NAME still answers on $URL" >&2
    exit 1
    ;;
  *)
    echo "usage: rgw-gateway.sh start|kill|stop NAME PORT" >&2
    exit 2
    ;;
esac
