# A one-node Kafka broker (KRaft, broker and controller in one JVM) on 127.0.0.1 for the load tests, run
# as a plain JVM from the Kafka jars in the local Maven repository (kafka_2.13 4.4.0 and its dependencies,
# which core's tests already use): no Kafka distribution, no network. The settings are those of
# core/src/test/java/dev/bulkfetch/io/kafka/EmbeddedKafka.java. Kept in one function so that a script can
# swap it for load-tests/scale-out/brokers.sh (several brokers) later: callers only read KAFKA_BOOTSTRAP.
# Sourced after common.sh (log, die, pick_port, child_of, STARTED_PIDS). Needs: ROOT (the repository),
# WORK, JAVA.
# shellcheck shell=bash

# kafka_classpath FILE -> writes the broker's class path (core's test class path: kafka_2.13 and the rest)
# to FILE, resolved offline from the local Maven repository
kafka_classpath() {
  local out=$1
  (cd "$ROOT" && timeout 600 mvn -B -q -o -pl core dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out") >"$WORK/kafka-classpath.log" 2>&1 \
    || { tail -20 "$WORK/kafka-classpath.log" >&2; die "could not resolve the Kafka class path offline (mvn -o -pl core dependency:build-classpath)"; }
  grep -q 'kafka_2.13-' "$out" || die "no kafka_2.13 jar on core's test class path ($out)"
}

# start_kafka_broker DIR -> formats DIR/log and starts the broker on 127.0.0.1:KAFKA_PORT (controller on
# KAFKA_CONTROLLER_PORT; both picked when unset), output to DIR/broker.log. Returns once the listener
# accepts connections. Sets KAFKA_BOOTSTRAP (127.0.0.1:PORT), KAFKA_PID (the `timeout` wrapper, added to
# STARTED_PIDS: stop it to stop the broker) and KAFKA_JVM_PID (the JVM, for CPU and memory readings).
# KAFKA_HEAP (-Xms256m -Xmx1g) sets the heap; KAFKA_LIFETIME (7200 s) bounds its life if the script is
# killed with -9.
start_kafka_broker() {
  local dir=$1 cp t0
  mkdir -p "$dir"
  pick_port KAFKA_PORT 29092
  pick_port KAFKA_CONTROLLER_PORT 29093
  [[ -s "$dir/classpath" ]] || kafka_classpath "$dir/classpath"
  cp="$(cat "$dir/classpath")"
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/log
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
transaction.abort.timed.out.transaction.cleanup.interval.ms=1000
group.min.session.timeout.ms=2000
EOF
  log "formatting the Kafka log folder ($dir/log)"
  local cluster_id
  cluster_id="$(timeout 120 "$JAVA" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  [[ -n "$cluster_id" ]] || die "kafka.tools.StorageTool random-uuid gave nothing"
  timeout 120 "$JAVA" -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
    >"$dir/format.log" 2>&1 || { tail -5 "$dir/format.log" >&2; die "kafka.tools.StorageTool format failed"; }
  log "starting a one-node KRaft broker on 127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT)"
  # shellcheck disable=SC2086 # KAFKA_HEAP is a list of options
  timeout "${KAFKA_LIFETIME:-7200}" "$JAVA" ${KAFKA_HEAP:--Xms256m -Xmx1g} -Djava.awt.headless=true \
    -cp "$cp" kafka.Kafka "$dir/server.properties" >"$dir/broker.log" 2>&1 &
  KAFKA_PID=$!
  STARTED_PIDS+=("$KAFKA_PID")
  # shellcheck disable=SC2034 # read by the scripts
  KAFKA_JVM_PID="$(child_of "$KAFKA_PID")"
  # shellcheck disable=SC2034 # read by the scripts
  KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
  t0=$(date +%s)
  while (($(date +%s) - t0 < ${KAFKA_START_SECONDS:-90})); do
    kill -0 "$KAFKA_PID" 2>/dev/null || break
    # shellcheck disable=SC2016 # $1 is the inner shell's argument
    if timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$KAFKA_PORT" 2>/dev/null; then return 0; fi
    sleep 0.3
  done
  die "the Kafka broker did not listen on 127.0.0.1:$KAFKA_PORT within ${KAFKA_START_SECONDS:-90} s: $(tail -5 "$dir/broker.log" | tr '\n' ' ')"
}
