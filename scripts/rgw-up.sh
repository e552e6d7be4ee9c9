#!/usr/bin/env bash
# A real S3 server with Object Lock on loopback for the integration test (test/store/s3.integration.test.ts):
# single-node Ceph Pacific radosgw on 127.0.0.1:${RGW_PORT:-7480}, one monitor, one memstore OSD, no cephx, no mgr.
# Idempotent: if the gateway already answers, it only makes sure the test user exists.
# Then: TRAILPROOF_S3_ENDPOINT=http://127.0.0.1:7480 npx vitest run test/store/s3.integration.test.ts
# Stop with scripts/rgw-down.sh. The keys below are test-only and only ever used on loopback.
set -euo pipefail
D=${RGW_DIR:-/tmp/trailproof-rgw}
PORT=${RGW_PORT:-7480}
AK=${AK:-AKIATESTTESTTEST0001}
SK=${SK:-testsecrettestsecrettestsecret0001}
FSID=9f0a7c2e-6b7d-4c1e-9a52-3c4d5e6f7a80
URL="http://127.0.0.1:$PORT"

answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/" || true)" = 200 ]; }
ensure_user() {
  radosgw-admin -c "$D/ceph.conf" user info --uid=test >/dev/null 2>&1 ||
    radosgw-admin -c "$D/ceph.conf" user create --uid=test --display-name=test --access-key="$AK" --secret-key="$SK" >/dev/null
}

if ! command -v radosgw >/dev/null || ! command -v ceph-osd >/dev/null || ! command -v curl >/dev/null; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd curl
fi

if [ -f "$D/ceph.conf" ] && answers; then
  ensure_user
  echo "rgw already running on $URL"
  exit 0
fi

# Anything half-started from an earlier run goes first: its memstore data is gone anyway.
"$(dirname "$0")/rgw-down.sh" >/dev/null 2>&1 || true
rm -rf "$D"
mkdir -p "$D"/{run,log,mon,osd/ceph-0}
cat > "$D/ceph.conf" <<CONF
[global]
fsid = $FSID
mon_host = v1:127.0.0.1:6789
mon_initial_members = a
public_network = 127.0.0.0/8
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
ms_bind_msgr2 = false
run_dir = $D/run
admin_socket = $D/run/\$cluster-\$name.asok
log_file = $D/log/\$cluster-\$name.log
pid_file = $D/run/\$cluster-\$name.pid
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
[mon]
mon_data = $D/mon/\$cluster-\$id
[osd]
osd_data = $D/osd/\$cluster-\$id
osd_objectstore = memstore
memstore_device_bytes = 1073741824
[client.rgw.gw]
rgw_frontends = beast endpoint=127.0.0.1:$PORT
rgw_data = $D/rgw
CONF
C=(-c "$D/ceph.conf")
monmaptool --create --fsid "$FSID" --add a 127.0.0.1:6789 "$D/monmap" >/dev/null
ceph-mon "${C[@]}" --mkfs -i a --monmap "$D/monmap"
ceph-mon "${C[@]}" -i a                                  # daemonizes; pid in $D/run/ceph-mon.a.pid
timeout 30 ceph "${C[@]}" mon stat >/dev/null
OSD_ID=$(ceph "${C[@]}" osd create)                      # -> 0
ceph-osd "${C[@]}" -i "$OSD_ID" --mkfs 2>/dev/null
ceph-osd "${C[@]}" -i "$OSD_ID"
for _ in $(seq 60); do ceph "${C[@]}" osd stat | grep -q '1 up' && break; sleep 0.5; done
radosgw "${C[@]}" -n client.rgw.gw
for _ in $(seq 120); do answers && break; sleep 0.5; done
answers || { echo "rgw did not come up; see $D/log" >&2; exit 1; }
ensure_user
echo "rgw ready on $URL"
