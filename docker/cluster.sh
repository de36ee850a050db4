#!/usr/bin/env bash
# docker/compose.yaml (or compose-kafka.yaml: --kafka) with whichever Compose this machine has: the
# plugin (`docker compose`) or the standalone v1 (`docker-compose`). Debian bookworm's docker.io comes
# without the plugin and its docker-compose package is v1 (1.29), so `docker compose ...` fails there
# with "unknown command"; both files are written for both. Never pulls: the images must be there
# (docker/bootstrap.sh).
#
# Usage: docker/cluster.sh up                  nginx and NSD, then bulkfetch's fetch through both;
#                                              the servers stay up until Ctrl-C
#        docker/cluster.sh up --exit-code-from bulkfetch
#                                              the same, but ends with the fetch (and its exit status)
#        docker/cluster.sh run --rm bulkfetch rdns --resolver 127.0.0.1:15353 --no-recursion 198.18.0.0/24
#        docker/cluster.sh down                removes the containers
#        docker/cluster.sh COMMAND [ARGS]      any other Compose command (ps, logs, config, ...)
#        docker/cluster.sh --kafka COMMAND ... the same with compose-kafka.yaml: three Kafka brokers,
#                                              the testbed and two workers (up -d, down, ps, logs, ...)
# Env:   HTTP_PORT (18080), DNS_PORT (15353), COMPOSE_PROJECT_NAME (docker) as Compose reads them
#        (compose-kafka.yaml's header lists its own);
#        COMPOSE="docker-compose" (or "docker compose") picks one when both are installed.
set -euo pipefail

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FILE=compose.yaml
IMAGES=(bulkfetch/testbed bulkfetch/cli)
if [[ ${1:-} == --kafka ]]; then
  shift
  FILE="compose-kafka.yaml"
  IMAGES+=(bulkfetch/kafka)
fi

# shellcheck source=load-tests/lib/common.sh
source "$DIR/../load-tests/lib/common.sh"   # die
LOG_TAG=cluster

case ${1:-} in
  "" | -h | --help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

if [[ -n ${COMPOSE:-} ]]; then
  read -r -a compose <<<"$COMPOSE"
elif docker compose version >/dev/null 2>&1; then   # the plugin answers without a daemon
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  die "neither 'docker compose' (the Compose plugin) nor 'docker-compose' is installed; on Debian: apt-get install docker-compose"
fi

# A missing image would make Compose build it (the bulkfetch image from source, which needs Maven
# Central) or pull it (nsd's service has no build section, and v1 ignores pull_policy): say what
# makes it instead. An explicit --build is the user's choice on a machine that can reach registries.
case $1 in
  up | run | create | start | restart)
    timeout 20 docker info >/dev/null 2>&1 || die "no Docker daemon answers (start dockerd; .ci/run shows how)"
    if [[ " $* " != *" --build "* ]]; then
      for image in "${IMAGES[@]}"; do
        docker image inspect "$image" >/dev/null 2>&1 \
          || die "image $image is missing: docker/bootstrap.sh builds it (this script never pulls)"
      done
    fi
    ;;
esac

exec "${compose[@]}" -f "$DIR/$FILE" "$@"
