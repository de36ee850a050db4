#!/usr/bin/env bash
# One Kafka node in KRaft mode (broker and controller in one JVM), configured from the environment:
# writes server.properties, formats the log folder once, then runs kafka.Kafka in the foreground (exec:
# SIGTERM reaches the JVM, which shuts down cleanly). The entry point of the bulkfetch/kafka image
# (docker/kafka/Dockerfile) and what load-tests/scale-out/brokers.sh runs for each node on the host.
#
# Usage: kafka.sh [start]       format if needed, then run the node until SIGTERM/SIGINT
#        kafka.sh ready         exit 0 once the broker answers a Kafka request (ApiVersions) on KAFKA_PORT
#        kafka.sh config        print the server.properties start would write
#        kafka.sh cluster-id    print a new cluster id (for CLUSTER_ID)
# Env:   NODE_ID                   this node's id (1)
#        KAFKA_HOST                the address both listeners bind and advertise (127.0.0.1)
#        KAFKA_PORT                clients' listener (9092)
#        CONTROLLER_PORT           the controllers' listener (9093)
#        CONTROLLER_QUORUM_VOTERS  every controller, ID@HOST:PORT,... (this node alone: NODE_ID@KAFKA_HOST:CONTROLLER_PORT)
#        CLUSTER_ID                the same on every node (22-character base64 UUID); a node alone makes
#                                  one up when it is unset, a node of several refuses to start without it
#        REPLICATION_FACTOR        of internal topics and the default of new ones (the voters, at most 3)
#        MIN_INSYNC_REPLICAS       (2 from a replication factor of 3 on, else 1)
#        NUM_PARTITIONS            default of an auto-created topic (3)
#        INTERNAL_PARTITIONS       of __consumer_offsets and __transaction_state (10; Kafka's default, 50,
#                                  is slow to create on a small machine and pointless for a test cluster)
#        KAFKA_DATA                the log folder (/var/lib/kafka/data)
#        KAFKA_LIBS                the broker's jars (/opt/kafka/libs)
#        KAFKA_HEAP_OPTS           (-Xms128m -Xmx512m)
#        KAFKA_JVM_OPTS            more JVM options (G1, 20 ms pause target, as Kafka's scripts)
#        KAFKA_LOG_LEVEL           slf4j-simple's level for everything but the start/stop lines (warn)
#        KAFKA_CFG_NAME_WITH_UNDERSCORES=VALUE
#                                  any other setting: KAFKA_CFG_LOG_RETENTION_HOURS=1 is log.retention.hours=1
#        JAVA                      (java)
set -euo pipefail

NODE_ID=${NODE_ID:-1}
KAFKA_HOST=${KAFKA_HOST:-127.0.0.1}
KAFKA_PORT=${KAFKA_PORT:-9092}
CONTROLLER_PORT=${CONTROLLER_PORT:-9093}
CONTROLLER_QUORUM_VOTERS=${CONTROLLER_QUORUM_VOTERS:-$NODE_ID@$KAFKA_HOST:$CONTROLLER_PORT}
KAFKA_DATA=${KAFKA_DATA:-/var/lib/kafka/data}
KAFKA_LIBS=${KAFKA_LIBS:-/opt/kafka/libs}
JAVA=${JAVA:-java}

say() { printf '[kafka.sh node %s] %s\n' "$NODE_ID" "$*" >&2; }
die() { say "error: $*"; exit 1; }

voters=$(tr ',' '\n' <<<"$CONTROLLER_QUORUM_VOTERS" | grep -c .)
if [[ -z ${REPLICATION_FACTOR:-} ]]; then REPLICATION_FACTOR=$((voters < 3 ? voters : 3)); fi
if [[ -z ${MIN_INSYNC_REPLICAS:-} ]]; then MIN_INSYNC_REPLICAS=$((REPLICATION_FACTOR >= 3 ? 2 : 1)); fi

config() {
  local var key
  cat <<EOF
# written by kafka.sh from its environment
process.roles=broker,controller
node.id=$NODE_ID
controller.quorum.voters=$CONTROLLER_QUORUM_VOTERS
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=${NUM_PARTITIONS:-3}
default.replication.factor=$REPLICATION_FACTOR
min.insync.replicas=$MIN_INSYNC_REPLICAS
offsets.topic.replication.factor=$REPLICATION_FACTOR
offsets.topic.num.partitions=${INTERNAL_PARTITIONS:-10}
transaction.state.log.replication.factor=$REPLICATION_FACTOR
transaction.state.log.min.isr=$MIN_INSYNC_REPLICAS
transaction.state.log.num.partitions=${INTERNAL_PARTITIONS:-10}
share.coordinator.state.topic.replication.factor=$REPLICATION_FACTOR
share.coordinator.state.topic.min.isr=$MIN_INSYNC_REPLICAS
# a consumer group forms at once instead of after 3 s of waiting for more members
group.initial.rebalance.delay.ms=0
EOF
  for var in ${!KAFKA_CFG_@}; do
    key=${var#KAFKA_CFG_}
    key=${key,,}
    echo "${key//_/.}=${!var}"
  done
}

# ApiVersions v0 (api key 18, correlation id 1, no client id) over bash's /dev/tcp: a broker that takes
# requests answers with the correlation id, whatever versions it supports (the response header is v0).
ready() {
  # shellcheck disable=SC2016 # $1 and $2 are the inner shell's arguments
  timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "\x00\x00\x00\x0a\x00\x12\x00\x00\x00\x00\x00\x01\xff\xff" >&3
    [[ $(head -c 8 <&3 | od -An -tx1 | tr -d " \n") == ????????00000001 ]]' _ "$KAFKA_HOST" "$KAFKA_PORT" 2>/dev/null
}

# the storage tool's short runs: no optimizing JIT, no parallel GC threads to start
quick=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)
cluster_id() { "$JAVA" "${quick[@]}" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null; }

start() {
  local props cluster_id=${CLUSTER_ID:-}
  ls "$KAFKA_LIBS"/kafka_2.13-*.jar >/dev/null 2>&1 || die "no kafka_2.13 jar in $KAFKA_LIBS (KAFKA_LIBS)"
  mkdir -p "$KAFKA_DATA"
  props=$(cd "$KAFKA_DATA/.." && pwd)/server.properties
  config >"$props"
  if [[ -z $cluster_id ]]; then
    ((voters == 1)) || die "CLUSTER_ID is unset: the $voters nodes of a cluster must share one ('kafka.sh cluster-id' makes one)"
    cluster_id=$(cat "$KAFKA_DATA/.cluster-id" 2>/dev/null || true)
    if [[ -z $cluster_id ]]; then
      cluster_id=$(cluster_id) || die "StorageTool random-uuid failed"
      echo "$cluster_id" >"$KAFKA_DATA/.cluster-id"
    fi
  fi
  local logging=(-Dorg.slf4j.simpleLogger.defaultLogLevel="${KAFKA_LOG_LEVEL:-warn}"
    -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS
    -Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info -Dorg.slf4j.simpleLogger.log.kafka.Kafka=info)
  # once: a restarted container or node keeps its log (and skips a JVM start)
  if [[ ! -f $KAFKA_DATA/meta.properties ]] && ! "$JAVA" "${quick[@]}" -cp "$KAFKA_LIBS/*" "${logging[@]}" \
      kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" -c "$props" >"$KAFKA_DATA/../format.log" 2>&1; then
    cat "$KAFKA_DATA/../format.log" >&2
    die "formatting $KAFKA_DATA failed (above)"
  fi
  say "cluster $cluster_id, voters $CONTROLLER_QUORUM_VOTERS, clients on $KAFKA_HOST:$KAFKA_PORT, replication $REPLICATION_FACTOR (min in sync $MIN_INSYNC_REPLICAS)"
  # shellcheck disable=SC2086 # word splitting of the option strings is meant
  exec "$JAVA" ${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m} \
    ${KAFKA_JVM_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -Djava.awt.headless=true} \
    "${logging[@]}" -cp "$KAFKA_LIBS/*" kafka.Kafka "$props"
}

case ${1:-start} in
  start) start ;;
  ready) ready ;;
  config) config ;;
  cluster-id) cluster_id ;;
  -h | --help) sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (start, ready, config, cluster-id)" ;;
esac
