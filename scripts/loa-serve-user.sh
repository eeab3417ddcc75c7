#!/bin/sh
# Make the system user and group "loa" that runs `loa serve` (idempotent).
# `make install` runs it when installing as root onto this machine.
set -eu
if ! getent group loa >/dev/null 2>&1; then
    groupadd --system loa
fi
if ! getent passwd loa >/dev/null 2>&1; then
    useradd --system --gid loa --home-dir /var/lib/loa --no-create-home \
        --shell /usr/sbin/nologin --comment "loa serve" loa
fi
echo "loa-serve-user: user loa ready (systemctl enable --now loa-serve after setting /etc/default/loa-serve)"
