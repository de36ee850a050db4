#!/usr/bin/env bash
# Makes the images bulkfetch's Dockerfiles and conformance tests need, on a machine that cannot pull
# from a container registry:
#   1. removes testbed containers and test images (bulkfetch/cli:it-PID) a killed test run left behind;
#   2. debian:bookworm-slim, when absent: a minbase debootstrap of bookworm from this machine's own
#      Debian mirror, imported under the standard name, so the Dockerfiles' FROM lines work unchanged;
#   3. bulkfetch/testbed (nginx + NSD, docker/testbed/, serving what `bulkfetch testbed --write-content` writes);
#   4. bulkfetch/cli (docker/Dockerfile, target `prebuilt`: the jar built on the host);
#   5. bulkfetch/kafka (docker/kafka/: a KRaft broker from the Kafka jars of the local Maven repository).
# Idempotent: an image is rebuilt only when its context (files sent to docker build, base image
# included) changed; each image carries the hash of its context as a label.
#
# Usage: docker/bootstrap.sh [--no-cli] [--no-kafka]
# Env:   DEBIAN_MIRROR  mirror for debootstrap (default: the bookworm source in /etc/apt)
#        BASE_IMAGE     default debian:bookworm-slim
#        BULKFETCH_JAR  jar for the testbed's content and the CLI image (default cli/target/bulkfetch.jar,
#                       built when stale)
# Needs: a running Docker daemon; as root, debootstrap when the base image must be made.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE_IMAGE=${BASE_IMAGE:-debian:bookworm-slim}
TESTBED_IMAGE=bulkfetch/testbed
CLI_IMAGE=bulkfetch/cli
KAFKA_IMAGE=bulkfetch/kafka
SUITE=bookworm
# labels shared with the conformance tests (dev.bulkfetch.conformance.Containers)
CONTAINER_LABEL=dev.bulkfetch.testbed
OWNER_LABEL=dev.bulkfetch.owner-pid
HASH_LABEL=dev.bulkfetch.context-sha256
# the Dockerfile's own hash: the CLI image tests build on bulkfetch/cli only when it matches theirs
DOCKERFILE_LABEL=dev.bulkfetch.dockerfile-sha256
WITH_CLI=1
WITH_KAFKA=1

for arg in "$@"; do
  case $arg in
    --no-cli) WITH_CLI=0 ;;
    --no-kafka) WITH_KAFKA=0 ;;
    -h | --help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bootstrap: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=load-tests/lib/common.sh
source "$ROOT/load-tests/lib/common.sh"   # log, die, testbed_content, kafka_jars
LOG_TAG=bootstrap

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bulkfetch-bootstrap.XXXXXX")
cleanup() {
  # a debootstrap that failed half-way can leave /proc and /sys mounted in its root: never delete
  # through a mount point
  awk -v w="$WORK/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done
  rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT

timeout 20 docker info >/dev/null 2>&1 \
  || die "no Docker daemon answers (start it: dockerd, or .ci/run which installs and starts it)"

# ---------------------------------------------------------------- 1. leftovers of killed test runs
remove_leftovers() {
  local id pid state n=0
  while read -r id pid state; do
    [[ -n $id ]] || continue
    # a live owner is a test run in progress (maybe another build on this machine): leave it
    if [[ $state == running && $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then continue; fi
    docker rm -f "$id" >/dev/null && n=$((n + 1))
  done < <(docker ps -a --filter "label=$CONTAINER_LABEL" \
             --format "{{.ID}} {{.Label \"$OWNER_LABEL\"}} {{.State}}")
  log "removed $n leftover testbed container(s)"
  # the CLI image tests build bulkfetch/cli:it-PID, owner-labelled, and remove it when done
  n=0
  while read -r ref; do
    pid=$(docker image inspect -f "{{ index .Config.Labels \"$OWNER_LABEL\" }}" "$ref" 2>/dev/null) || continue
    if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then continue; fi
    docker rmi "$ref" >/dev/null 2>&1 && n=$((n + 1))
  done < <(docker images --filter "label=$OWNER_LABEL" --format '{{.Repository}}:{{.Tag}}' | grep -v '<none>' || true)
  ((n == 0)) || log "removed $n leftover test image(s)"
}
remove_leftovers

# ---------------------------------------------------------------- 2. base image
debian_mirror() {  # the first apt source that serves $SUITE: deb822 .sources, then one-line .list
  if [[ -n ${DEBIAN_MIRROR:-} ]]; then echo "$DEBIAN_MIRROR"; return; fi
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    # one stanza per paragraph; the first URI of a stanza with Types deb and our suite
    awk -v suite="$SUITE" 'BEGIN { RS = "" }
      { uri = ""; ok_type = 0; ok_suite = 0; enabled = 1; n = split($0, line, "\n")
        for (i = 1; i <= n; i++) {
          k = split(line[i], w, /[ \t]+/)
          if (w[1] == "URIs:") uri = w[2]
          for (j = 2; j <= k; j++) {
            if (w[1] == "Types:" && w[j] == "deb") ok_type = 1
            if (w[1] == "Suites:" && w[j] == suite) ok_suite = 1
          }
          if (w[1] == "Enabled:" && w[2] == "no") enabled = 0
        }
        if (uri != "" && ok_type && ok_suite && enabled) { print uri; exit } }' "$f"
  done | sed -n 1p | grep . && return
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    awk -v suite="$SUITE" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
      if ($(i + 1) == suite) { print $i; exit } }' "$f"
  done | sed -n 1p | grep .
}

make_base_image() {
  command -v debootstrap >/dev/null 2>&1 || die "debootstrap is missing (apt-get install debootstrap)"
  [[ $(id -u) == 0 ]] || die "debootstrap needs root"
  local mirror rootfs=$WORK/rootfs keyring=()
  mirror=$(debian_mirror) || die "no apt source for $SUITE found in /etc/apt; set DEBIAN_MIRROR"
  [[ -f /usr/share/keyrings/debian-archive-keyring.gpg ]] && keyring=(--keyring=/usr/share/keyrings/debian-archive-keyring.gpg)
  log "$BASE_IMAGE is absent: debootstrap --variant=minbase $SUITE from this machine's mirror"
  if ! timeout 900 debootstrap --variant=minbase "${keyring[@]}" "$SUITE" "$rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1; then
    tail -20 "$WORK/debootstrap.log" >&2
    die "debootstrap failed (log above)"
  fi
  # what makes the official image "slim": no apt caches, no docs, man pages or locales
  mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d" "$rootfs/etc/apt/apt.conf.d"
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
EOF
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/var/log/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* "$rootfs"/tmp/*
  find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
  tar -C "$rootfs" -c . | docker import -c 'CMD ["bash"]' -c "LABEL dev.bulkfetch.base=debootstrap-$SUITE" \
    - "$BASE_IMAGE" >/dev/null
  log "imported $BASE_IMAGE ($(docker image inspect -f '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%.0f MB", $1 / 1e6}'))"
}

if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  log "$BASE_IMAGE is present"
else
  make_base_image
fi
BASE_ID=$(docker image inspect -f '{{.Id}}' "$BASE_IMAGE")

# ---------------------------------------------------------------- 3, 4, 5. images from contexts
build_image() {  # build_image NAME DOCKERFILE TARGET DIR FILE... : context = FILEs under DIR
  local name=$1 dockerfile=$2 target=$3 dir=$4; shift 4
  local tarball=$WORK/context.tar hash have dockerfile_hash have_dockerfile target_args=()
  # hashed as a tar without times or owners: it changes only when a file's name, mode or bytes do.
  # The context itself keeps the files' times (NSD skips a zone file whose mtime is 0).
  hash=$( (tar -C "$dir" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - "$@" | sha256sum \
    && echo "$BASE_ID") | sha256sum | cut -d' ' -f1)
  tar -C "$dir" -cf "$tarball" "$@"
  dockerfile_hash=$(sha256sum "$dir/$dockerfile" | cut -d' ' -f1)
  have=$(docker image inspect -f "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$name" 2>/dev/null || true)
  have_dockerfile=$(docker image inspect -f "{{ index .Config.Labels \"$DOCKERFILE_LABEL\" }}" "$name" 2>/dev/null || true)
  if [[ $have == "$hash" && $have_dockerfile == "$dockerfile_hash" ]]; then
    log "$name is up to date"
    return 0
  fi
  [[ -n $target ]] && target_args=(--target "$target")
  log "building $name"
  # --network host: RUN apt-get reaches the mirror the way the host does
  if ! timeout 1200 docker build --network host --force-rm -f "$dockerfile" "${target_args[@]}" \
      --label "$HASH_LABEL=$hash" --label "$DOCKERFILE_LABEL=$dockerfile_hash" -t "$name" - <"$tarball" >"$WORK/build.log" 2>&1; then
    tail -30 "$WORK/build.log" >&2
    die "docker build of $name failed (log above)"
  fi
  docker image prune -f --filter "label=$HASH_LABEL" >/dev/null   # the versions this one replaced
  log "built $name ($(docker image inspect -f '{{.Size}}' "$name" | awk '{printf "%.0f MB", $1 / 1e6}'))"
}

# The jar: it writes the testbed's content and is the CLI image's program.
JAR=${BULKFETCH_JAR:-$ROOT/cli/target/bulkfetch.jar}
JAVA=${JAVA:-java}
if [[ -z ${BULKFETCH_JAR:-} ]] && { [[ ! -f $JAR ]] || [[ -n $(find "$ROOT/pom.xml" "$ROOT/core" "$ROOT/cli" \
    -path '*/target' -prune -o -type f -newer "$JAR" -print -quit) ]]; }; then
  log "building $JAR (mvn -B -q -pl cli -am package -DskipTests)"
  (cd "$ROOT" && timeout 1200 mvn -B -q -pl cli -am package -DskipTests) >"$WORK/mvn.log" 2>&1 \
    || { tail -30 "$WORK/mvn.log" >&2; die "mvn package failed (log above)"; }
fi
[[ -f $JAR ]] || die "no jar at $JAR"

# The testbed's context: docker/testbed's files and the content the jar writes (nginx's www/, NSD's
# reverse zone), so that the servers in the image serve the embedded testbed's bytes and names.
mkdir -p "$WORK/testbed"
cp "$ROOT/docker/testbed/"{Dockerfile,bulkfetch.test.zone,nginx.conf.in,nsd.conf.in,testbed.sh} "$WORK/testbed/"
testbed_content "$WORK/testbed/content"
build_image "$TESTBED_IMAGE" Dockerfile "" "$WORK/testbed" \
  Dockerfile content bulkfetch.test.zone nginx.conf.in nsd.conf.in testbed.sh

if [[ $WITH_CLI == 1 ]]; then
  mkdir -p "$WORK/cli/cli/target" "$WORK/cli/docker" "$WORK/cli/bin"
  cp "$ROOT/docker/Dockerfile" "$WORK/cli/docker/"
  cp "$ROOT/bin/bulkfetch" "$WORK/cli/bin/"
  cp "$JAR" "$WORK/cli/cli/target/bulkfetch.jar"
  build_image "$CLI_IMAGE" docker/Dockerfile prebuilt "$WORK/cli" \
    docker/Dockerfile bin/bulkfetch cli/target/bulkfetch.jar
fi

if [[ $WITH_KAFKA == 1 ]]; then
  # the broker's jars out of the local Maven repository (docker/kafka/pom.xml), beside its start script
  kafka_jars   # into docker/kafka/target/libs, once per pom
  mkdir -p "$WORK/kafka/libs"
  cp "$ROOT/docker/kafka/"{Dockerfile,kafka.sh} "$WORK/kafka/"
  cp "$KAFKA_JARS"/*.jar "$WORK/kafka/libs/"
  build_image "$KAFKA_IMAGE" Dockerfile "" "$WORK/kafka" Dockerfile kafka.sh libs
fi

log "done: $(docker images --format '{{.Repository}}:{{.Tag}}' | grep -E "^($BASE_IMAGE|$TESTBED_IMAGE:|$CLI_IMAGE:|$KAFKA_IMAGE:)" | tr '\n' ' ')"
