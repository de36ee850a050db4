#!/usr/bin/env bash
# A Kafka cluster of N nodes (KRaft, each broker and controller in one JVM) as plain processes on this
# machine, bound to 127.0.0.1: for the scale-out benchmark and for trying submit, worker and collect
# where there is no Docker. Each node is docker/kafka/kafka.sh (the bulkfetch/kafka image's entry point)
# over the broker's jars from the local Maven repository (docker/kafka/pom.xml, kafka_jars in
# load-tests/lib/common.sh). Prints the bootstrap address (HOST:PORT,...) on stdout once every node
# takes requests; log lines go to stderr.
#
# Usage: load-tests/scale-out/brokers.sh [run] [--nodes N]   start, print the address, stay until Ctrl-C
#                                                            (or SIGTERM), then stop the nodes
#        load-tests/scale-out/brokers.sh start [--nodes N]   start, print the address, return; the nodes
#                                                            run on, their state in BROKERS_DIR
#        load-tests/scale-out/brokers.sh stop                stop what `start` started (by PID)
#        load-tests/scale-out/brokers.sh status              the address and PIDs, exit 1 if none run
# N is 1 (default) or more; 3 gives the replication factor 3 and min.insync.replicas 2 of a real cluster.
# Env:   KAFKA_PORT=19092    the first client port; node i takes the next free ones (controllers too)
#        BROKERS_DIR         state of `start` (/tmp/bulkfetch-brokers): pids (the `timeout` wrappers: stop
#                            these), jvm-pids (the JVMs: read these), bootstrap, node-N/{log,data}
#        KAFKA_HEAP_OPTS     per node (-Xms128m -Xmx384m)
#        START_SECONDS=120   longest wait for the nodes to take requests
#        STOP_SECONDS=20     per node, from SIGTERM to SIGKILL
#        BROKER_LIFETIME=7200  a hard bound on each node's life (`timeout`), should this script be killed
#        KEEP=1              keep `run`'s folder (logs, data) at exit
#        JAVA=java
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
# shellcheck source=load-tests/lib/common.sh
source "$ROOT/load-tests/lib/common.sh"   # log, die, pick_port, stop_pids, on_exit_stop_started, kafka_jars
LOG_TAG=brokers

MODE=run
NODES=1
while (($#)); do
  case $1 in
    run | start | stop | status) MODE=$1 ;;
    --nodes) NODES=${2:-}; shift ;;
    --nodes=*) NODES=${1#*=} ;;
    -h | --help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "brokers: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ $NODES =~ ^[1-9][0-9]?$ ]] || { echo "brokers: --nodes takes 1 to 99 (got '$NODES')" >&2; exit 2; }

JAVA=${JAVA:-java}
BROKERS_DIR=$(realpath -m "${BROKERS_DIR:-${TMPDIR:-/tmp}/bulkfetch-brokers}")   # absolute: live_pids matches it
STOP_WAIT_SECONDS=${STOP_SECONDS:-20}
KAFKA_SH=$ROOT/docker/kafka/kafka.sh

# The processes of DIR's nodes that still run, each checked to be one (not a reused PID): the nodes
# themselves (DIR/jvm-pids: kafka.sh, which becomes the kafka.Kafka JVM) and their `timeout` wrappers
# (DIR/pids). Both are stopped: a wrapper killed after STOP_SECONDS could not pass the KILL on.
live_pids() {
  local pid
  # shellcheck disable=SC2013 # one PID a line
  for pid in $(cat "$1/jvm-pids" 2>/dev/null); do
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -e "kafka\.sh start" -e "kafka\.Kafka $1/" && echo "$pid"
  done
  # shellcheck disable=SC2013 # one PID a line
  for pid in $(cat "$1/pids" 2>/dev/null); do
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "timeout .*kafka\.sh start" && echo "$pid"
  done
}

case $MODE in
  stop)
    mapfile -t pids < <(live_pids "$BROKERS_DIR")
    if ((${#pids[@]} == 0)); then
      log "no node runs from $BROKERS_DIR"
    else
      log "stopping the nodes: PIDs ${pids[*]}"
      stop_pids "${pids[@]}"
    fi
    rm -rf "$BROKERS_DIR"
    exit 0
    ;;
  status)
    mapfile -t pids < <(live_pids "$BROKERS_DIR")
    ((${#pids[@]} > 0)) || { log "no node runs from $BROKERS_DIR"; exit 1; }
    log "nodes running: PIDs ${pids[*]} (JVMs: $(tr '\n' ' ' <"$BROKERS_DIR/jvm-pids"))"
    cat "$BROKERS_DIR/bootstrap"
    exit 0
    ;;
esac

# ---------------------------------------------------------------- the broker's jars (copied once per pom)
kafka_jars
LIBS=$KAFKA_JARS

# ---------------------------------------------------------------- the nodes
if [[ $MODE == start ]]; then
  mapfile -t pids < <(live_pids "$BROKERS_DIR")
  ((${#pids[@]} == 0)) || die "nodes from $BROKERS_DIR run already (PIDs ${pids[*]}): '$0 stop' first"
  rm -rf "$BROKERS_DIR"
  mkdir -p "$BROKERS_DIR"
  DIR=$BROKERS_DIR
else
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/bulkfetch-brokers.XXXXXX")
  WORK=$DIR   # removed at exit unless KEEP=1
  on_exit_stop_started
fi

ports=() controller_ports=() voters="" bootstrap=""
next=${KAFKA_PORT:-19092}
for i in $(seq 1 "$NODES"); do
  kport="" cport=""
  pick_port kport "$next"
  pick_port cport "$((kport + 1))"
  next=$((cport + 1))
  ports+=("$kport") controller_ports+=("$cport")
  voters+="${voters:+,}$i@127.0.0.1:$cport"
  bootstrap+="${bootstrap:+,}127.0.0.1:$kport"
done
cluster_id=$(JAVA=$JAVA KAFKA_LIBS=$LIBS "$KAFKA_SH" cluster-id) || die "could not make a cluster id (StorageTool)"

: >"$DIR/pids"
: >"$DIR/jvm-pids"
wrappers=()
for i in $(seq 1 "$NODES"); do
  mkdir -p "$DIR/node-$i"
  # setsid: a Ctrl-C meant for this script does not reach the nodes, which it stops in order instead
  NODE_ID=$i KAFKA_HOST=127.0.0.1 KAFKA_PORT=${ports[i - 1]} CONTROLLER_PORT=${controller_ports[i - 1]} \
    CONTROLLER_QUORUM_VOTERS=$voters CLUSTER_ID=$cluster_id KAFKA_DATA=$DIR/node-$i/data KAFKA_LIBS=$LIBS \
    KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms128m -Xmx384m} JAVA=$JAVA \
    setsid timeout "${BROKER_LIFETIME:-7200}" "$KAFKA_SH" start >"$DIR/node-$i/log" 2>&1 &
  pid=$!
  echo "$pid" >>"$DIR/pids"
  jvm=$(child_of "$pid")   # kafka.sh under `timeout`, which execs the JVM: for memory readings and the stop
  echo "$jvm" >>"$DIR/jvm-pids"
  wrappers+=("$pid")
  [[ $MODE == start ]] || STARTED_PIDS+=(${jvm:+"$jvm"} "$pid")
done
log "starting $NODES node(s): clients on $bootstrap, controllers $voters, folder $DIR"

stop_started() {  # a failed `start`: its nodes go (`run` stops them at exit anyway)
  local pids
  [[ $MODE == start ]] || return 0
  mapfile -t pids < <(live_pids "$DIR")
  ((${#pids[@]} == 0)) || stop_pids "${pids[@]}"
}
t0=$(date +%s)
pending=$(seq 1 "$NODES")
while [[ -n $pending ]]; do
  still=""
  for i in $pending; do
    pid=$(sed -n "${i}p" "$DIR/pids")
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -20 "$DIR/node-$i/log" >&2
      stop_started
      die "node $i exited (its log above: $DIR/node-$i/log)"
    fi
    KAFKA_HOST=127.0.0.1 KAFKA_PORT=${ports[i - 1]} "$KAFKA_SH" ready || still+=" $i"
  done
  pending=$still
  [[ -n $pending ]] || break
  if (($(date +%s) - t0 >= ${START_SECONDS:-120})); then
    stop_started
    die "node(s)$pending did not take requests within ${START_SECONDS:-120} s (logs: $DIR/node-*/log)"
  fi
  sleep 0.5
done
echo "$bootstrap" >"$DIR/bootstrap"
log "$NODES node(s) take requests after $(($(date +%s) - t0)) s"
echo "$bootstrap"

if [[ $MODE == start ]]; then
  log "running on; '$0 stop' stops them (BROKERS_DIR=$DIR)"
  exit 0
fi
log "running until Ctrl-C or SIGTERM"
# wait returns when a node ends (or a signal arrives: the traps then stop the rest)
wait -n "${wrappers[@]}" || true
die "a node ended by itself (logs: $DIR/node-*/log; KEEP=1 keeps them)"
