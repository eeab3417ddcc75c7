#!/bin/sh
# Install every Debian package loa needs to build, test and run its demo.
# Idempotent; runs apt-get directly as root, through sudo otherwise; never asks questions.
set -eu

PKGS="build-essential pkg-config
libespeak-ng-dev espeak-ng-data
libsndfile1-dev libmp3lame-dev libconfig-dev
libebur128-dev libsoxr-dev libutf8proc-dev libssl-dev
libhunspell-dev hunspell-vi libcurl4-openssl-dev
espeak-ng sox ffmpeg lame python3 time
liquidsoap icecast2 faketime python3-icalendar procps locales
chromium poppler-utils fonts-dejavu-core zip unzip
clang libclang-rt-14-dev valgrind strace util-linux bc curl
libmicrohttpd-dev libsqlite3-dev libargon2-dev sqlite3"

# Node.js and npm (the browser tests' playwright-core): Debian's, unless a
# node with its own npm is already there.
command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"

missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "deps: all packages present"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "deps: installing$missing"
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
