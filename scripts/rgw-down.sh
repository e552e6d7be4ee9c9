#!/usr/bin/env bash
# Stops what scripts/rgw-up.sh started (gateway, OSD, monitor), and any extra gateway
# scripts/rgw-gateway.sh started, by the pids in its run dir only.
# Idempotent: nothing running is fine. RGW_PURGE=1 also removes the data dir.
set -uo pipefail
D=${RGW_DIR:-/tmp/trailproof-rgw}
extra=()
for f in "$D"/run/ceph-client.rgw.*.pid; do
  n=${f##*/ceph-}
  n=${n%.pid}
  [ -f "$f" ] && [ "$n" != client.rgw.gw ] && extra+=("$n")
done
for n in ${extra[@]+"${extra[@]}"} client.rgw.gw osd.0 mon.a; do
  f="$D/run/ceph-$n.pid"
  [ -f "$f" ] || continue
  p=$(cat "$f")
  kill "$p" 2>/dev/null || continue
  for _ in $(seq 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$p" 2>/dev/null && kill -9 "$p" 2>/dev/null
  rm -f "$f"
done
[ "${RGW_PURGE:-0}" = 1 ] && rm -rf "$D"
echo "rgw stopped"
exit 0
