#!/usr/bin/env bash
# Installs (or upgrades) mediawatch as a systemd service on Debian/Ubuntu:
# a system user `mediawatch`, the binary in /usr/local/bin, the config in
# /etc/mediawatch (root:mediawatch 0750/0640), the data in
# /var/lib/mediawatch (mediawatch 0750), and the unit. It never overwrites
# a config you edited and never starts the service: check first with doctor.
#
#   go build -o mediawatch ./cmd/mediawatch
#   sudo deploy/install.sh ./mediawatch
#
# ROOT=/some/dir installs into a tree instead of / (for a look, or a
# package build); then no user is created and systemd is not told.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:-./mediawatch}
root=${ROOT:-}
if [ ! -x "$bin" ]; then
  echo "usage: $0 PATH-TO-MEDIAWATCH-BINARY   (build it with: go build -o mediawatch ./cmd/mediawatch)" >&2
  exit 2
fi
if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
  echo "run as root (sudo $0 $bin)" >&2
  exit 2
fi
owner=(-o root -g mediawatch)
svc=(-o mediawatch -g mediawatch)
if [ -n "$root" ]; then
  owner=(); svc=()
elif ! id mediawatch >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/mediawatch --no-create-home --shell /usr/sbin/nologin \
    --comment "mediawatch media monitoring" mediawatch
  echo "created system user mediawatch"
fi

cfg="--config /etc/mediawatch/mediawatch.yaml"
upgrade=no
[ -e "$root/usr/local/bin/mediawatch" ] && upgrade=yes
# Before an upgrade replaces the binary, the installed one backs the store
# up: the new one migrates the schema at its first start, and an old binary
# cannot open a migrated store.
if [ "$upgrade" = yes ] && [ -z "$root" ] && [ -e /var/lib/mediawatch/mediawatch.db ]; then
  if /usr/local/bin/mediawatch backup --help >/dev/null 2>&1; then
    out=/var/lib/mediawatch/before-upgrade-$(date +%Y%m%d-%H%M%S).tar.gz
    if ! runuser -u mediawatch -- /usr/local/bin/mediawatch $cfg backup --out "$out"; then
      echo "backup before the upgrade failed: nothing was changed" >&2
      exit 1
    fi
    echo "backed up the store to $out"
  else
    echo "the installed mediawatch has no backup command: stop the service and copy /var/lib/mediawatch aside before restarting" >&2
  fi
fi
install -D -m 0755 "$bin" "$root/usr/local/bin/mediawatch"
install -d -m 0750 "${svc[@]}" "$root/var/lib/mediawatch"
install -d -m 0750 "${owner[@]}" "$root/etc/mediawatch" "$root/etc/mediawatch/rules"
if [ ! -e "$root/etc/mediawatch/mediawatch.yaml" ]; then
  install -m 0640 "${owner[@]}" deploy/mediawatch.production.yaml "$root/etc/mediawatch/mediawatch.yaml"
  echo "wrote /etc/mediawatch/mediawatch.yaml: set crawler.user_agent and report.mail for your office"
fi
if [ ! -e "$root/etc/mediawatch/sources.yaml" ]; then
  install -m 0640 "${owner[@]}" sources.example.yaml "$root/etc/mediawatch/sources.yaml"
  echo "wrote /etc/mediawatch/sources.yaml from sources.example.yaml: review the sources"
fi
install -D -m 0644 deploy/mediawatch.service "$root/etc/systemd/system/mediawatch.service"
[ -z "$root" ] && systemctl daemon-reload

if [ "$upgrade" = yes ]; then
  cat <<MSG

Upgraded the binary; the store's migrations run when the service restarts:
  sudo -u mediawatch mediawatch $cfg doctor
  sudo systemctl restart mediawatch
MSG
else
  cat <<MSG

Installed. Next:
  1. edit /etc/mediawatch/mediawatch.yaml and sources.yaml; put rule files in /etc/mediawatch/rules
  2. sudo -u mediawatch mediawatch $cfg doctor
  3. sudo systemctl enable --now mediawatch
  4. journalctl -u mediawatch   (the first start prints the command that creates the first admin key)
MSG
fi
