# xvfb.sh: start a private Xvfb for a test run (sourced by tests/e2e/run.sh and tests/bench/run.sh).
#
# Copyright 2026 The Cabine developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# X is reached through its socket file in /tmp/.X11-unix, which every network namespace sees,
# while Xvfb -displayfd judges a display free by the abstract socket of its own namespace: two
# runs in two namespaces could both take :0, and the first to exit removes the other's socket.
# So each run takes a display number of its own, skipping any whose socket or lock file exists,
# and tries the next one if another run took it first.
#
# start_xvfb LOG_FILE: sets DISPLAY and xvfb_pid; returns non-zero when no server could start.
start_xvfb() {
  local log=$1 display attempt
  display=$((300 + $$ % 600))
  for attempt in $(seq 20); do
    while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do
      display=$((display + 1))
    done
    Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp -noreset >> "$log" 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 50); do
      [ -S "/tmp/.X11-unix/X$display" ] && break
      kill -0 "$xvfb_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$xvfb_pid" 2>/dev/null && [ -S "/tmp/.X11-unix/X$display" ]; then
      export DISPLAY=":$display"
      return 0
    fi
    kill "$xvfb_pid" 2>/dev/null
    display=$((display + 1))
  done
  echo "no X display could be started (see $log)" >&2
  return 1
}
