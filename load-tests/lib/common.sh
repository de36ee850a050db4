# The shell library every script of this repository sources (load-tests/*, .ci/run, docker/bootstrap.sh),
# so that logging, number formatting, package installation, process clean-up and the testbed start are
# written once: a fix (a timeout, a PID that must not be missed) then reaches every script.
# Sourced, not run. Scripts set before sourcing or calling, where the helpers need them:
#   LOG_TAG   a word before the time in log lines (default none)
#   WORK      the script's temporary directory (finish_work_dir, install_pkgs' log, start_testbed's log)
#   KEEP=1    keep WORK at exit
#   JAVA, JAR the java command and the bulkfetch jar (testbed_content, start_testbed)
# shellcheck shell=bash

# ---------------------------------------------------------------- logging and numbers
# To stderr: a script's stdout is its result (a table, a record), and a log line must not end up in it.
log() { printf '[%s%s] %s\n' "${LOG_TAG:+$LOG_TAG }" "$(date +%H:%M:%S)" "$*" >&2; }
warn() { log "WARNING: $*"; }
die() { log "error: $*"; exit 1; }
fmt() {  # fmt VALUE DECIMALS -> VALUE rounded; "-" (no figure) stays "-"
  if [[ "$1" == "-" || -z "$1" ]]; then echo "-"; else awk -v v="$1" -v d="$2" 'BEGIN{printf "%.*f", d, v}'; fi
}
fmt_int() {  # fmt_int N -> N with thousands separators (1,048,576); anything but digits as it is
  awk -v n="$1" 'BEGIN{ if (n !~ /^[0-9]+$/) { print n; exit } s = ""; while (n >= 1000) { s = sprintf(",%03d", n % 1000) s; n = int(n / 1000) } print n s }'
}

# ---------------------------------------------------------------- ports, clocks, medians, memory
port_free() {  # port_free PORT -> 0 if both UDP and TCP 127.0.0.1:PORT can be bound
  local p=$1
  if command -v python3 >/dev/null 2>&1 && timeout 10 python3 -c 1 >/dev/null 2>&1; then
    timeout 10 python3 - "$p" <<'EOF'
import socket, sys
p = int(sys.argv[1])
try:
    for t in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        s = socket.socket(socket.AF_INET, t); s.bind(("127.0.0.1", p)); s.close()
except OSError:
    sys.exit(1)
EOF
  else
    [[ -z "$(ss -Hln "sport = :$p" 2>/dev/null)" ]]
  fi
}
USED_PORTS=" "
pick_port() {  # pick_port VAR PREFERRED -> sets VAR (unless already set) to a free port >= PREFERRED
  local -n _var=$1
  local p=$2
  if [[ -n "${_var:-}" ]]; then USED_PORTS+="$_var "; return 0; fi
  while ((p < 65000)); do
    if [[ "$USED_PORTS" != *" $p "* ]] && port_free "$p"; then USED_PORTS+="$p "; _var=$p; return 0; fi
    p=$((p + 1))
  done
  echo "error: no free port found from $2 on" >&2; exit 1
}
now_ns() { date +%s%N; }
secs_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN{printf "%.3f", (b-a)/1e9}'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END{ if (NR==0) {print "-"; exit}
  if (NR%2) print v[(NR+1)/2]; else printf "%.6g\n", (v[NR/2]+v[NR/2+1])/2 }'; }
max_rss_mib() { awk -F': *' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$1" 2>/dev/null || true; }

# ---------------------------------------------------------------- processes (by PID only)
descendants() {  # descendants PID -> the PIDs below PID, children first
  local c
  # shellcheck disable=SC2013 # one PID per word
  for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do echo "$c"; descendants "$c"; done
}
child_of() {  # child_of PID -> first child PID (waits up to 5 s for it to appear): the JVM under `timeout`
  local c=""
  for _ in $(seq 1 50); do
    c="$(awk '{print $1}' "/proc/$1/task/$1/children" 2>/dev/null || true)"
    [[ -n "$c" ]] && break
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  echo "$c"
}
stop_pids() {  # stop_pids PID... -> TERM, up to STOP_WAIT_SECONDS (5) each to exit, then KILL; only PIDs the script started
  local pid
  for pid in "$@"; do
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for pid in "$@"; do
    for _ in $(seq 1 $((${STOP_WAIT_SECONDS:-5} * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
}
finish_work_dir() {  # removes $WORK unless KEEP=1
  [[ -n "${WORK:-}" && -d "$WORK" ]] || return 0
  if [[ "${KEEP:-0}" == 1 ]]; then
    log "KEEP=1: work dir kept at $WORK"
  else
    rm -rf "$WORK"
  fi
}
# Every script's exit path: on_exit_stop_started installs it. At exit (normal, error, INT, TERM) it runs
# the script's CLEANUP_HOOK (a function name, for what only the script knows, e.g. a running client), stops
# the PIDs in STARTED_PIDS and removes WORK. INT and TERM become exits (130, 143), so the EXIT trap runs.
STARTED_PIDS=()
CLEANUP_HOOK=""
cleanup_started() {
  local rc=$?
  trap - EXIT INT TERM
  [[ -z "$CLEANUP_HOOK" ]] || "$CLEANUP_HOOK" || true
  ((${#STARTED_PIDS[@]} == 0)) || stop_pids "${STARTED_PIDS[@]}"
  finish_work_dir
  exit "$rc"
}
on_exit_stop_started() {
  trap cleanup_started EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# ---------------------------------------------------------------- packages
install_pkgs() {  # install_pkgs PKG... -> Debian packages, apt-get update only when a first try fails
  (($#)) || return 0
  # a fresh machine's package lists may be missing or stale, but an update costs minutes when they are
  # fine: try first. Every step is bounded, so a hung mirror fails the script instead of stalling it.
  local apt_log=${APT_LOG:-${WORK:-${TMPDIR:-/tmp}}/apt.log}
  log "installing: $*"
  local sudo=(); [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  if ! timeout 900 "${sudo[@]}" apt-get install -y --no-install-recommends "$@" >"$apt_log" 2>&1; then
    log "install failed; running apt-get update and retrying"
    timeout 900 "${sudo[@]}" apt-get update >>"$apt_log" 2>&1 || true
    timeout 900 "${sudo[@]}" apt-get install -y --no-install-recommends "$@" >>"$apt_log" 2>&1 \
      || { tail -30 "$apt_log" >&2; die "could not install $* (log: $apt_log)"; }
  fi
}

# ---------------------------------------------------------------- Kafka
# kafka_jars -> KAFKA_JARS, docker/kafka/target/libs, holds exactly the Kafka broker's jars
# (docker/kafka/pom.xml: kafka_2.13 at the project's kafka.version, its runtime dependencies,
# slf4j-simple), copied out of the local Maven repository: offline first, so a machine without a
# registry works once the tests' broker has been resolved (mvn package resolves it: kafka_2.13 is a test
# dependency of core). Copied again only when the top-level pom or that one changed (.stamp there).
# For the bulkfetch/kafka image (docker/bootstrap.sh) and the host's brokers (load-tests/scale-out/brokers.sh).
kafka_jars() {
  local root pom stamp mvn_log
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  KAFKA_JARS=$root/docker/kafka/target/libs
  pom=$root/docker/kafka/pom.xml
  stamp=$(cat "$root/pom.xml" "$pom" | sha256sum | cut -d' ' -f1)
  if [[ $(cat "$KAFKA_JARS/.stamp" 2>/dev/null) == "$stamp" ]] && compgen -G "$KAFKA_JARS/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  log "copying the Kafka broker's jars out of the local Maven repository into $KAFKA_JARS"
  mvn_log=${WORK:-${TMPDIR:-/tmp}}/kafka-jars-mvn.log
  rm -rf "$KAFKA_JARS" && mkdir -p "$KAFKA_JARS"
  local args=(-B -q -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_JARS")
  if ! timeout 300 mvn -o "${args[@]}" >"$mvn_log" 2>&1; then
    log "the Kafka jars are not all in the local Maven repository; asking the configured repositories"
    timeout 900 mvn "${args[@]}" >>"$mvn_log" 2>&1 \
      || { tail -20 "$mvn_log" >&2; die "could not copy the Kafka broker's jars (mvn log: $mvn_log)"; }
  fi
  compgen -G "$KAFKA_JARS/kafka_2.13-*.jar" >/dev/null || die "no kafka_2.13 jar in $KAFKA_JARS after mvn (log: $mvn_log)"
  echo "$stamp" >"$KAFKA_JARS/.stamp"
}

# ---------------------------------------------------------------- the embedded testbed
testbed_content() {  # testbed_content DIR -> DIR/www (nginx) and DIR/zones (NSD) from `bulkfetch testbed --write-content`
  # The Java testbed writes what the real servers serve, so their bodies and PTR names are the embedded
  # testbed's by construction, not by a second generator kept in step by hand.
  timeout 120 "$JAVA" -jar "$JAR" testbed --write-content "$1" >/dev/null \
    || die "bulkfetch testbed --write-content $1 failed"
}

# start_testbed LOG [OPTION...] -> starts `bulkfetch testbed` on 127.0.0.1:TB_HTTP_PORT (HTTP) and
# TB_DNS_PORT (DNS), with OPTIONs added, output to LOG; returns 0 once both ports answer, 1 (with a
# warning) when they do not within TESTBED_START_SECONDS (90). Sets TESTBED_PID (the `timeout` wrapper,
# added to STARTED_PIDS: stop it to stop the testbed) and TESTBED_JVM_PID (the JVM, for memory readings).
# The JVM: SerialGC like bin/bulkfetch, without its AppCDS archive, which bin/bulkfetch would write at the
# testbed's exit (a slow stop racing the next run). TESTBED_LIFETIME (7200 s) bounds its life if this
# script is killed with -9.
TESTBED_CMD=()
start_testbed() {
  local log_file=$1 t0; shift
  [[ -n "${TB_HTTP_PORT:-}" && -n "${TB_DNS_PORT:-}" ]] || die "start_testbed: pick TB_HTTP_PORT and TB_DNS_PORT first"
  TESTBED_CMD=("$JAVA" -XX:+UseSerialGC -jar "$JAR" testbed --http-port "$TB_HTTP_PORT" --dns-port "$TB_DNS_PORT" "$@")
  log "starting the embedded testbed: http 127.0.0.1:$TB_HTTP_PORT, dns 127.0.0.1:$TB_DNS_PORT${*:+ ($*)}"
  timeout "${TESTBED_LIFETIME:-7200}" "${TESTBED_CMD[@]}" >"$log_file" 2>&1 &
  TESTBED_PID=$!
  STARTED_PIDS+=("$TESTBED_PID")
  # shellcheck disable=SC2034 # read by the scripts
  TESTBED_JVM_PID="$(child_of "$TESTBED_PID")"
  t0=$(date +%s)
  while (($(date +%s) - t0 < ${TESTBED_START_SECONDS:-90})); do
    kill -0 "$TESTBED_PID" 2>/dev/null || break
    # the command prints its addresses only once both servers are bound; then they must answer
    if grep -q '^running until interrupted' "$log_file" 2>/dev/null && testbed_http_answers && testbed_dns_answers; then
      return 0
    fi
    sleep 0.2
  done
  warn "the testbed did not answer on $TB_HTTP_PORT/$TB_DNS_PORT within ${TESTBED_START_SECONDS:-90} s: $(tail -5 "$log_file" | tr '\n' ' ')"
  return 1
}
# Both probes use bash's /dev/tcp, so that a script needs neither curl nor dig to start the testbed.
testbed_http_answers() {  # GET /bytes/1 -> status 200
  # shellcheck disable=SC2016 # $1 is the inner shell's argument
  timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET /bytes/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" >&3
    IFS= read -r status <&3 && [[ $status == "HTTP/1.1 200"* ]]' _ "$TB_HTTP_PORT" 2>/dev/null
}
testbed_dns_answers() {  # a PTR query for 198.18.0.1 over TCP -> a reply with the query's ID (0x6266)
  # shellcheck disable=SC2016 # $1 is the inner shell's argument
  timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "\x00\x29\x62\x66\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x011\x010\x0218\x03198\x07in-addr\x04arpa\x00\x00\x0c\x00\x01" >&3
    [[ $(head -c 4 <&3 | od -An -tx1 | tr -d " \n") == ????6266 ]]' _ "$TB_DNS_PORT" 2>/dev/null
}
