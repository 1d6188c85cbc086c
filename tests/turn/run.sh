#!/usr/bin/env bash
# run.sh: the call through TURN, and its recovery from a network drop, with the kiosk, the
# physician's browser and coturn (plus the hub) in three network namespaces:
#
#   kiosk ns  10.77.1.2/24 ──veth── 10.77.1.1  server ns (hub, turnserver)  10.77.2.1 ──veth── 10.77.2.2/24  browser ns
#
# The server namespace does not forward packets and the peers have no other route, so the kiosk
# and the browser cannot reach each other directly: media must go through the TURN relay. Nothing
# here is routed outside the machine. Scenarios (tests/turn/turn-scenario.mjs):
#   turn       the call connects, the selected candidate pair is a relay one, readings arrive
#   turn-drop  the same, then the kiosk's link goes down for a few seconds mid-call: the call
#              recovers, readings taken meanwhile arrive, snapshots before and after are intact
#   turn-long-drop  the link goes down for 30 s, longer than any ICE path survives: the kiosk
#              re-establishes the call with a new offer (data/protocol.md "Recovery"), video flows
#              both ways again, readings and snapshots are intact, the record holds the recovery
#   turn-lost  the link never comes back: both sides end the call and the record says why
#   all        every scenario in turn, each in OUT_DIR/SCENARIO
#
# Needs root (ip netns), coturn, Xvfb, node; exits 77 (skipped) without root or coturn.
#
# Copyright 2026 The Cabine developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/turn/run.sh SCENARIO OUT_DIR BUILD_DIR
set -euo pipefail

scenario=${1:?scenario (turn, turn-drop, turn-long-drop, turn-lost or all)}
out=$(realpath -m "${2:?out dir}")
build=$(realpath "${3:?build dir}")
here=$(cd "$(dirname "$0")" && pwd)
if [ "$scenario" = all ]; then
  for s in turn turn-drop turn-long-drop turn-lost; do
    "$0" "$s" "$out/$s" "$build" || exit $?
  done
  exit 0
fi
# consultation.mjs knows turn, turn-drop and turn-lost; the long drop is turn-drop's harness with
# CABINE_TURN_SCENARIO telling tests/turn/turn-scenario.mjs which drop to make.
node_scenario=$scenario
case "$scenario" in
  turn|turn-drop|turn-lost) ;;
  turn-long-drop) node_scenario=turn-drop ;;
  *) echo "run.sh: unknown scenario $scenario" >&2; exit 2 ;;
esac
export CABINE_TURN_SCENARIO=$scenario
source_dir=$(cd "$here/../.." && pwd)
mkdir -p "$out"

if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null || ! command -v turnserver >/dev/null; then
  echo "run.sh: needs root, iproute2 and coturn's turnserver: skipped" >&2
  exit 77
fi

tag=$$
ns_kiosk=cbk$tag ns_browser=cbb$tag ns_server=cbs$tag
port=8443
secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')

cleanup() {
  set +e
  [ -n "${turn_pid:-}" ] && kill "$turn_pid" 2>/dev/null
  [ -n "${wm_pid:-}" ] && kill "$wm_pid" 2>/dev/null
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null
  wait 2>/dev/null
  for ns in "$ns_kiosk" "$ns_browser" "$ns_server"; do
    # Anything still running in the namespace goes with it.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
}
trap cleanup EXIT

for ns in "$ns_kiosk" "$ns_browser" "$ns_server"; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
done
ip link add vk$tag type veth peer name vs1$tag
ip link set vk$tag netns "$ns_kiosk"
ip link set vs1$tag netns "$ns_server"
ip link add vb$tag type veth peer name vs2$tag
ip link set vb$tag netns "$ns_browser"
ip link set vs2$tag netns "$ns_server"
ip -n "$ns_kiosk" addr add 10.77.1.2/24 dev vk$tag
ip -n "$ns_server" addr add 10.77.1.1/24 dev vs1$tag
ip -n "$ns_browser" addr add 10.77.2.2/24 dev vb$tag
ip -n "$ns_server" addr add 10.77.2.1/24 dev vs2$tag
for pair in "$ns_kiosk vk$tag" "$ns_server vs1$tag" "$ns_browser vb$tag" "$ns_server vs2$tag"; do
  set -- $pair
  ip -n "$1" link set "$2" up
done
ip netns exec "$ns_server" sysctl -qw net.ipv4.ip_forward=0

# The peers must not reach each other directly: neither has a route to the other's network.
for check in "$ns_kiosk 10.77.2.2" "$ns_browser 10.77.1.2"; do
  set -- $check
  if ip -n "$1" route get "$2" >/dev/null 2>&1; then
    echo "run.sh: $1 has a route to $2: the test would prove nothing" >&2
    exit 1
  fi
done

# coturn with time-limited credentials (use-auth-secret; the hub makes them from the same secret).
ip netns exec "$ns_server" turnserver -n --no-cli --no-tls --no-dtls --fingerprint \
  --listening-ip=10.77.1.1 --listening-ip=10.77.2.1 --listening-port=3478 \
  --relay-ip=10.77.1.1 --relay-ip=10.77.2.1 --min-port=49160 --max-port=49300 \
  --use-auth-secret --static-auth-secret="$secret" --realm=cabine.test \
  --allowed-peer-ip=10.77.1.0-10.77.2.255 --no-multicast-peers --log-file=stdout --simple-log --verbose > "$out/turnserver.log" 2>&1 &
turn_pid=$!

cat > "$out/hub.conf" <<CONF
# written by tests/turn/run.sh
[hub]
ice-servers=turn:10.77.1.1:3478?transport=udp;turn:10.77.2.1:3478?transport=udp;
turn-secret=$secret
turn-ttl=3600

[kiosk:cabin-01]
token=demo-kiosk-token

[physician:demo]
display-name=Dr Demo
password-hash=\$argon2id\$v=19\$m=65536,t=2,p=1\$lyY3YgZr5viufkqvLn/3Xw\$GPLiGkas3kTU7ltQfW39QdvFvchRKsmdEMGQsfUQJH4
CONF

cat > "$out/chromium" <<SH
#!/bin/sh
# The console is served over plain HTTP on a non-loopback address here: let it use the (fake)
# camera and WebCrypto as it would over HTTPS.
exec ip netns exec $ns_browser /usr/bin/chromium --unsafely-treat-insecure-origin-as-secure=http://10.77.2.1:$port "\$@"
SH
chmod +x "$out/chromium"

# X is reached through its socket file in /tmp/.X11-unix, which every namespace sees (abstract
# sockets are per namespace). Other tests run Xvfb in namespaces of their own, where :0 looks
# free and whose exit removes /tmp/.X11-unix/X0: use a display number of our own.
display=$((200 + tag % 700))
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do
  display=$((display + 1))
done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp -noreset > "$out/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do
  [ -S "/tmp/.X11-unix/X$display" ] && break
  sleep 0.1
done
export DISPLAY=":$display"
matchbox-window-manager -use_titlebar no > "$out/wm.log" 2>&1 &
wm_pid=$!
sleep 0.5

cd "$here/../e2e"
set +e
ip netns exec "$ns_server" env \
  CABINE_E2E_HUB_LISTEN=0.0.0.0 CABINE_E2E_CONSOLE_HOST=10.77.2.1 CABINE_E2E_KIOSK_HUB_HOST=10.77.1.1 \
  CABINE_E2E_KIOSK_NETNS="$ns_kiosk" CABINE_E2E_KIOSK_IFACE=vk$tag CABINE_E2E_BROWSER="$out/chromium" \
  CABINE_E2E_HUB_CONFIG="$out/hub.conf" CABINE_E2E_ICE_LOOPBACK=false \
  node consultation.mjs --scenario "$node_scenario" --out "$out" --build "$build" --source "$source_dir" \
  --port "$port"
status=$?
set -e
if [ "$node_scenario" != "$scenario" ] && [ -f "$out/$node_scenario-summary.json" ]; then
  mv "$out/$node_scenario-summary.json" "$out/$scenario-summary.json"
fi
grep -c "relayed\|ALLOCATE processed, success" "$out/turnserver.log" > "$out/turn-allocations.txt" 2>/dev/null || true
exit $status
