#!/usr/bin/env bash
# run.sh: fault tests of the session records (issue 6), bounded to about a minute.
#   1. kill -9 the kiosk's store and outbox (tests/faults/fault-kiosk.c, the real CabineStore and
#      CabineOutbox) again and again while readings are committed and uploaded, then let it finish;
#   2. cut the hub (kill -9) during uploads and bring it back;
#   then every reading the kiosk acknowledged (committed, logged to acked.txt after the commit) must
#   be in the hub's records exactly once: prints "lost N, duplicated N";
#   3. a full disk (a 1 MiB tmpfs) gives CABINE_STORE_ERROR_FULL and no corruption;
#   4. a read-only file system gives CABINE_STORE_ERROR_READ_ONLY.
# 3 and 4 need root (mount); without it they are skipped with a message.
#
# Copyright 2026 The Cabine developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/faults/run.sh BUILD_DIR OUT_DIR
set -euo pipefail

build=$(realpath "${1:?build dir}")
out=$(realpath -m "${2:?out dir}")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rm -rf "$out"
mkdir -p "$out"
fk="$build/tests/unit/kiosk/fault-kiosk"
hub_bin="$build/app/cabine-hub"
port=$(shuf -i 20000-29999 -n 1)
url="ws://127.0.0.1:$port/ws"
db="$out/kiosk.db"
acked="$out/acked.txt"
: > "$acked"
hub_pid=
kiosk_pid=
mounts=()

cleanup() {
  [ -n "$kiosk_pid" ] && kill -9 "$kiosk_pid" 2>/dev/null || true
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null || true
  for m in "${mounts[@]}"; do umount "$m" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

start_hub() {
  "$hub_bin" --config "$top/data/hub-demo.conf" --listen 127.0.0.1 --port "$port" \
    --database "$out/hub.db" >> "$out/hub.log" 2>&1 &
  hub_pid=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/api/health" > /dev/null && return 0
    sleep 0.05
  done
  echo "faults: the hub did not start"; return 1
}

kill_hub() {
  kill -9 "$hub_pid" 2>/dev/null || true
  wait "$hub_pid" 2>/dev/null || true
  hub_pid=
}

start_hub

# 1. kill -9 the kiosk while it commits and uploads.
kills=0
for i in $(seq 10); do
  "$fk" run "$db" "$url" "$acked" 8 15 >> "$out/kiosk.log" 2>&1 &
  kiosk_pid=$!
  sleep "0.$(shuf -i 15-70 -n 1)"
  if kill -9 "$kiosk_pid" 2>/dev/null; then kills=$((kills + 1)); fi
  wait "$kiosk_pid" 2>/dev/null || true
  kiosk_pid=
done
echo "faults: kiosk killed $kills times"

# 2. cut the hub during uploads (and kill the kiosk once more while the hub is down).
"$fk" run "$db" "$url" "$acked" 6 10 >> "$out/kiosk.log" 2>&1 &
kiosk_pid=$!
sleep 0.3
kill_hub
sleep 1
kill -9 "$kiosk_pid" 2>/dev/null || true
wait "$kiosk_pid" 2>/dev/null || true
"$fk" run "$db" "$url" "$acked" 3 10 >> "$out/kiosk.log" 2>&1 &
kiosk_pid=$!
sleep 1.5
start_hub
echo "faults: hub cut for about 2.5 s"
rc=0
timeout 90 bash -c "wait $kiosk_pid" 2>/dev/null || wait "$kiosk_pid" || rc=$?
kiosk_pid=
# Whatever a killed run left is uploaded by the next start.
"$fk" drain "$db" "$url" >> "$out/kiosk.log" 2>&1 || rc=$?
kill "$hub_pid"; wait "$hub_pid" 2>/dev/null || true; hub_pid=

sort -u "$acked" > "$out/acked-unique.txt"
sqlite3 "$out/hub.db" "SELECT json_extract(o.value, '\$.id') FROM record, json_each(record.body, '\$.observations') o" \
  > "$out/hub-readings.txt"
sort "$out/hub-readings.txt" | uniq > "$out/hub-unique.txt"
n_acked=$(wc -l < "$out/acked-unique.txt")
n_hub=$(wc -l < "$out/hub-readings.txt")
n_hub_unique=$(wc -l < "$out/hub-unique.txt")
lost=$(comm -23 "$out/acked-unique.txt" "$out/hub-unique.txt" | wc -l)
duplicated=$((n_hub - n_hub_unique))
records=$(sqlite3 "$out/hub.db" "SELECT count(*) FROM record")
pending=$(sqlite3 "$db" "SELECT count(*) FROM outbox WHERE uploaded_at IS NULL")
left=$(sqlite3 "$db" "SELECT count(*) FROM observation")
echo "faults: acknowledged $n_acked readings; hub has $records records with $n_hub readings;" \
     "lost $lost, duplicated $duplicated; uploads pending $pending; readings left on the kiosk $left"
if [ "$rc" -ne 0 ] || [ "$lost" -ne 0 ] || [ "$duplicated" -ne 0 ] || [ "$n_acked" -eq 0 ] || \
   [ "$pending" -ne 0 ] || [ "$left" -ne 0 ]; then
  echo "faults: FAILED (see $out)"; exit 1
fi

# 3 and 4: a full disk, a read-only file system.
if [ "$(id -u)" = 0 ] && mkdir -p "$out/full" && mount -t tmpfs -o size=1m tmpfs "$out/full" 2>/dev/null; then
  mounts+=("$out/full")
  if ! "$fk" fill "$out/full/kiosk.db" 2>> "$out/full.log" | tee -a "$out/full.log"; then
    echo "faults: the full disk was not handled (see $out/full.log)"; exit 1
  fi
  echo "faults: full disk: $(tail -n1 "$out/full.log" 2>/dev/null); $(grep -m1 'after' "$out/full.log")"
  mkdir -p "$out/ro"
  mount -t tmpfs -o size=4m tmpfs "$out/ro"
  mounts+=("$out/ro")
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
  cp "$db" "$out/ro/kiosk.db"
  mount -o remount,ro "$out/ro"
  if ! "$fk" readonly "$out/ro/kiosk.db" >> "$out/ro.log" 2>&1; then
    echo "faults: the read-only database was not handled (see $out/ro.log)"; cat "$out/ro.log"; exit 1
  fi
  echo "faults: read-only: $(grep -m1 'refused' "$out/ro.log")"
else
  echo "faults: full-disk and read-only checks skipped (they need root and tmpfs mounts)"
fi
echo "faults: passed"
