#!/usr/bin/env bash
# Scale-out benchmark (issue 20): the same targets run by `bulkfetch worker` processes on one Kafka broker
# and by the local command, against the embedded testbed on loopback, in the same run. For each kind
# (rdns: a /12 as 256 messages of a /20; http: URLs over many virtual hosts) and each worker count: the
# throughput, its ratio to the local run (the Kafka overhead; target: one worker >= 0.8x local), the CPU
# of every worker, the broker and the testbed; then the same with one worker killed by SIGKILL at half
# time, and every run's records checked for exactly once (read_committed output, by line number).
#
# Usage: load-tests/scale-out/bench.sh          (see load-tests/scale-out/README.md)
# Env:   N_PTR=12 PTR_BASE=198.16.0.0 N_URLS=200000 HOSTS=1000 WORKERS="1 2 4" KILL_WORKERS="2 4"
#        PARTITIONS=8 REPEAT=1 SMALL=0 KEEP=0 IDLE=60s RUN_TIMEOUT=900 BULKFETCH_ARGS="" RDNS_ARGS="" HTTP_ARGS=""
#        KINDS="rdns http" WARMUP=1 TB_HTTP_PORT= TB_DNS_PORT= KAFKA_PORT= KAFKA_CONTROLLER_PORT=
#        RESULTS_FILE=load-tests/scale-out/RESULTS-latest.md JAVA=java BULKFETCH_JAR=
#
# Safety: everything is on 127.0.0.1: the testbed (HTTP + DNS) and the broker are the ones this script
# starts; every bulkfetch command gets --resolver 127.0.0.1:TB_DNS_PORT and --kafka 127.0.0.1:KAFKA_PORT;
# the processes it started are stopped by PID on exit; every external command runs under `timeout`.
set -euo pipefail
# shellcheck source=load-tests/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=load-tests/lib/kafka-broker.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/kafka-broker.sh"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
JAR="${BULKFETCH_JAR:-$ROOT/cli/target/bulkfetch.jar}"
LOG_TAG=scale-out
SMALL="${SMALL:-0}"
if [[ "$SMALL" == 1 ]]; then   # a quick check of the script (~2-3 min): a /16, 20,000 URLs, 1 and 2 workers
  N_PTR="${N_PTR:-16}"; N_URLS="${N_URLS:-20000}"; HOSTS="${HOSTS:-100}"
  WORKERS="${WORKERS:-1 2}"; KILL_WORKERS="${KILL_WORKERS-2}"; PARTITIONS="${PARTITIONS:-4}"
fi
N_PTR="${N_PTR:-12}"                 # prefix length of the PTR range: /12 = 1,048,576 addresses
PTR_BASE="${PTR_BASE:-198.16.0.0}"
N_URLS="${N_URLS:-200000}"
HOSTS="${HOSTS:-1000}"
WORKERS="${WORKERS:-1 2 4}"
KILL_WORKERS="${KILL_WORKERS-2 4}"  # worker counts of the SIGKILL runs (one of them is killed; needs >= 2; "" = none)
PARTITIONS="${PARTITIONS:-8}"
REPEAT="${REPEAT:-1}"
KINDS="${KINDS:-rdns http}"
KEEP="${KEEP:-0}"
IDLE="${IDLE:-60s}"                  # the timed collect also ends after this long without a record (lost records)
FINAL_IDLE="${FINAL_IDLE:-5s}"
RUN_TIMEOUT="${RUN_TIMEOUT:-900}"
WARMUP="${WARMUP:-1}"
BULKFETCH_ARGS="${BULKFETCH_ARGS:-}"   # extra options for every local run and every worker
RDNS_ARGS="${RDNS_ARGS:-}"
HTTP_ARGS="${HTTP_ARGS:-}"
SESSION_TIMEOUT="${SESSION_TIMEOUT:-6s}"
TRANSACTION_TIMEOUT="${TRANSACTION_TIMEOUT:-5s}"
RESULTS_FILE="${RESULTS_FILE:-$SCRIPT_DIR/RESULTS-latest.md}"
JAVA="${JAVA:-java}"
LOOP=127.0.0.1
for v in N_URLS HOSTS PARTITIONS REPEAT RUN_TIMEOUT; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "error: $v must be a positive integer (got '${!v}')" >&2; exit 2; }
done
if ! [[ "$N_PTR" =~ ^[0-9]+$ ]] || ((N_PTR < 8 || N_PTR > 32)); then echo "error: N_PTR must be a prefix length 8..32" >&2; exit 2; fi
for n in $WORKERS $KILL_WORKERS; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "error: worker counts must be positive integers" >&2; exit 2; }; done
N_PTR_TARGETS=$((1 << (32 - N_PTR)))
RUN_ID="$(date -u +%H%M%S)-$$"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
CLK_TCK="$(getconf CLK_TCK)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulkfetch-scaleout.XXXXXX")"
on_exit_stop_started
ulimit -n 65536 2>/dev/null || ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
timeout 10 python3 -c 1 >/dev/null 2>&1 || die "python3 is needed for the exactly-once check"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is needed (Debian package 'time')"

if [[ ! -f "$JAR" ]]; then
  log "building the jar (offline)"
  (cd "$ROOT" && timeout 1800 mvn -B -q -o package -DskipTests) >&2 || die "build failed"
fi
# one launcher for the local runs, the workers, submit and collect alike
BF=("$ROOT/bin/bulkfetch")
[[ -n "${BULKFETCH_JAR:-}" ]] && BF=("$JAVA" -XX:+UseSerialGC -jar "$JAR")
BF_SHOWN="bin/bulkfetch"; [[ -n "${BULKFETCH_JAR:-}" ]] && BF_SHOWN="java -XX:+UseSerialGC -jar $JAR"

# ---------------------------------------------------------------- helpers
cpu_secs() {  # cpu_secs PID -> utime+stime of PID in seconds ("-" once it is gone)
  local s
  s="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo -; return 0; }
  awk -v t="$CLK_TCK" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / t }' <<<"$s"
}
thread_cpu() {  # thread_cpu PID -> its busiest threads' CPU seconds, "name=s, ..." (names cut to 15 characters by Linux)
  local t out=""
  for t in /proc/"$1"/task/*; do
    [[ -r $t/stat ]] || continue
    awk -v t="$CLK_TCK" -v name="$(tr ' ' '_' <"$t/comm" 2>/dev/null)" '{ sub(/^.*\) /, ""); printf "%s %.2f\n", name, ($12 + $13) / t }' "$t/stat" 2>/dev/null
  done | awk '{ s[$1] += $2 } END { for (n in s) printf "%s=%.2f\n", n, s[n] }' | sort -t= -k2 -rn | head -6 | paste -sd, - | sed 's/,/, /g'
}
sub_secs() { if [[ "$1" == - || "$2" == - ]]; then echo -; else awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a - b}'; fi; }
opts_for() {  # opts_for KIND -> the options of the local run and the workers, one per line
  local extra; if [[ "$1" == rdns ]]; then extra=$RDNS_ARGS; else extra=$HTTP_ARGS; fi
  printf '%s\n' --resolver "$LOOP:$TB_DNS_PORT"
  # shellcheck disable=SC2086 # lists of options by design
  [[ -z "$BULKFETCH_ARGS$extra" ]] || printf '%s\n' $BULKFETCH_ARGS $extra
}
input_for() { if [[ "$1" == rdns ]]; then echo "$WORK/ptr.txt"; else echo "$WORK/urls.txt"; fi; }
targets_for() { if [[ "$1" == rdns ]]; then echo "$N_PTR_TARGETS"; else echo "$N_URLS"; fi; }
check_records() {  # check_records KIND RECORDS -> "targets records distinct lost duplicated unexpected not_ok"
  timeout 900 python3 "$SCRIPT_DIR/check.py" "$1" "$(input_for "$1")" "$2" || echo "- - - - - - -"
}
kafka_topic_create() {  # kafka_topic_create TOPIC KIND [INPUT] -> the topic with PARTITIONS partitions (and INPUT's messages)
  local topic=$1 kind=$2 input=${3:--}
  if [[ "$input" == - ]]; then
    timeout 120 "${BF[@]}" submit --kafka "$KAFKA_BOOTSTRAP" --kafka-timeout 60s --topic "$topic" --kind "$kind" \
      --create-topic --partitions "$PARTITIONS" - </dev/null
  else
    timeout "$RUN_TIMEOUT" "${BF[@]}" submit --kafka "$KAFKA_BOOTSTRAP" --kafka-timeout 60s --topic "$topic" --kind "$kind" \
      --create-topic --partitions "$PARTITIONS" "$input"
  fi
}

# ---------------------------------------------------------------- inputs, testbed, broker
pick_port TB_DNS_PORT 17353
pick_port TB_HTTP_PORT 18280
echo "$PTR_BASE/$N_PTR" >"$WORK/ptr.txt"
# URL i on host i mod HOSTS: every host's URLs spread over the file (submit keys them by host, so each
# host's URLs go to one partition and one worker)
awk -v n="$N_URLS" -v hosts="$HOSTS" -v port="$TB_HTTP_PORT" 'BEGIN{
  for (i = 0; i < n; i++) printf "http://h%05d.bulkfetch.test:%d/page/%d\n", i % hosts, port, i }' >"$WORK/urls.txt"
awk -v n=20000 -v hosts="$HOSTS" -v port="$TB_HTTP_PORT" 'BEGIN{
  for (i = 0; i < n; i++) printf "http://w%05d.bulkfetch.test:%d/page/%d\n", i % hosts, port, i }' >"$WORK/warm-urls.txt"

start_testbed "$WORK/testbed.log" || die "the testbed did not start"
start_kafka_broker "$WORK/kafka"

# bin/bulkfetch keeps an AppCDS archive next to the jar, written at the exit of a run without one: a short
# training run makes it first, so that no measured run writes it (and no two workers race to)
if [[ -z "${BULKFETCH_JAR:-}" ]]; then
  rm -f "${JAR%.jar}.jsa"
  timeout 120 "${BF[@]}" rdns --resolver "$LOOP:$TB_DNS_PORT" -q -o /dev/null 198.18.0.0/22 >/dev/null 2>&1 || true
  # the Kafka commands' archive, trained by a worker (it loads the most Kafka client classes: consumer,
  # transactional producer, admin); its topic is made without the launcher, so no submit writes it first
  rm -f "${JAR%.jar}-kafka.jsa"
  echo 198.18.0.0/22 >"$WORK/cds.txt"
  timeout 120 "$JAVA" -jar "$JAR" submit --kafka "$KAFKA_BOOTSTRAP" --topic "cds-in-$RUN_ID" --kind rdns \
    --create-topic --partitions 1 "$WORK/cds.txt" >"$WORK/cds.log" 2>&1 || warn "CDS training: submit failed"
  timeout 120 "$JAVA" -jar "$JAR" submit --kafka "$KAFKA_BOOTSTRAP" --topic "cds-out-$RUN_ID" --kind rdns \
    --create-topic --partitions 1 - </dev/null >>"$WORK/cds.log" 2>&1 || warn "CDS training: creating the output topic failed"
  timeout 120 "${BF[@]}" worker --kafka "$KAFKA_BOOTSTRAP" --group "cds-$RUN_ID" --in "cds-in-$RUN_ID" \
    --out "cds-out-$RUN_ID" --kind rdns --worker-id "cds-$RUN_ID" --resolver "$LOOP:$TB_DNS_PORT" >>"$WORK/cds.log" 2>&1 &
  cds_pid=$!
  STARTED_PIDS+=("$cds_pid")
  timeout 120 "$JAVA" -jar "$JAR" collect --kafka "$KAFKA_BOOTSTRAP" --topic "cds-out-$RUN_ID" --expect 1024 \
    --until-idle 60s -o /dev/null >>"$WORK/cds.log" 2>&1 || warn "CDS training: collect failed: $(tail -2 "$WORK/cds.log" | tr '\n' ' ')"
  STOP_WAIT_SECONDS=40 stop_pids "$cds_pid"
  wait "$cds_pid" 2>/dev/null || true
  [[ -f "${JAR%.jar}-kafka.jsa" ]] || warn "CDS training: no Kafka archive was written"
fi

# ---------------------------------------------------------------- one local run
declare -A SECS        # SECS[kind-round-label] -> seconds, for the ratios and the kill time
declare -A CPU_PARTS   # CPU_PARTS[kind-round-label] -> "bulkfetch broker collect testbed" CPU s (runs without a kill)
ROWS=()
SUMMARY_LINES=()
SCALE_LINES=()
# scale_line KIND LABEL TARGETS SECS WORKER_CPU_SUM WORKER_CPU_EACH BROKER_CPU TESTBED_CPU COLLECT_CPU -> one line of
# the CPU reading: bulkfetch CPU per target, and how much of the machine (time x cores) the run's processes used
scale_line() {
  awk -v k="$1" -v l="$2" -v t="$3" -v s="$4" -v w="$5" -v each="$6" -v b="$7" -v tb="$8" -v c="$9" -v cores="$(nproc)" 'BEGIN{
    n = split(each, e, " "); per = ""
    for (i = 1; i <= n; i++) per = per sprintf("%s%.0f", (i > 1 ? " / " : ""), e[i] / s * 100)
    all = w + (b == "-" ? 0 : b) + (tb == "-" ? 0 : tb) + (c == "-" ? 0 : c)
    printf "- %s, %s: %.1f us of bulkfetch CPU per target (%.1f with broker and collect); each process busy %s%% of its wall time; all measured processes %.1f CPU s in %.1f s = %.0f%% of the %d cores", k, l, w / t * 1e6, (all - (tb == "-" ? 0 : tb)) / t * 1e6, per, all, s, all / (s * cores) * 100, cores }'
}
add_row() { ROWS+=("| $* |"); }
run_local() {  # run_local KIND ROUND
  local kind=$1 round=$2 tag="$1-local-$2" out="$WORK/$1-local-$2.ndjson" tf="$WORK/$1-local-$2.time"
  local targets t0 secs rc=0 opts tb0 tb1
  targets="$(targets_for "$kind")"
  mapfile -t opts < <(opts_for "$kind")
  log "round $round: $kind, local run ($(fmt_int "$targets") targets)"
  tb0="$(cpu_secs "$TESTBED_JVM_PID")"
  t0=$(now_ns)
  /usr/bin/time -f '%e %U %S %M' -o "$tf" timeout "$RUN_TIMEOUT" "${BF[@]}" "$kind" "${opts[@]}" -o "$out" \
    "$(input_for "$kind")" 2>"$WORK/$tag.log" || rc=$?
  secs="$(secs_since "$t0")"
  tb1="$(cpu_secs "$TESTBED_JVM_PID")"
  ((rc == 0)) || warn "$tag: exit $rc: $(tail -3 "$WORK/$tag.log" | tr '\n' ' ')"
  local cpu; cpu="$(awk '{printf "%.2f", $2 + $3}' "$tf" 2>/dev/null || echo -)"
  local own; own="$(sed -n 's/^[0-9,]* targets in \([0-9.]*\) s .*/\1/p' "$WORK/$tag.log" | tail -1)"
  local c; read -r -a c < <(check_records "$kind" "$out")
  [[ "$KEEP" == 1 ]] || rm -f "$out"
  SECS[$kind-$round-local]=$secs
  CPU_PARTS[$kind-$round-local]="$cpu 0 0 $(sub_secs "$tb1" "$tb0")"
  local rate; rate="$(awk -v n="$targets" -v s="$secs" 'BEGIN{printf "%.0f", n / s}')"
  echo "workers=local targets=$targets records=${c[1]} lost=${c[3]} duplicated=${c[4]} kind=$kind round=$round seconds=$secs rate=$rate"
  SCALE_LINES+=("$(scale_line "$kind" "local run" "$targets" "$secs" "$cpu" "$cpu" - "$(sub_secs "$tb1" "$tb0")" -)")
  add_row "$kind | local \`$kind\` | - | - | $(fmt_int "$targets") | $(fmt_int "${c[1]}") | ${c[3]} | ${c[4]} | ${c[5]} | ${c[6]} | - | $secs | ${own:--} | $(fmt_int "$rate") | 1.00 | $cpu (1 process) | $cpu | - | $(sub_secs "$tb1" "$tb0") | - | exit $rc"
}

# ---------------------------------------------------------------- one Kafka run
# run_kafka KIND ROUND WORKERS KILL(0|1) [QUIET]
# Times: submit first (its time is reported, not counted); t0 = just before the first worker starts; the
# timed `collect --expect T` starts at t0 too; t1 = when it has read all T records and exited.
# throughput = T / (t1 - t0), which includes the workers' JVM start and group join, as the local run's
# whole-process time includes its JVM start.
run_kafka() {
  local kind=$1 round=$2 n=$3 kill=$4 quiet=${5:-0}
  local label="w$n"; ((kill)) && label="w$n-kill"
  local tag="$kind-$label-$round" rid="$RUN_ID-$kind-$label-$round"
  local in="sb-$rid-in" out="sb-$rid-out" group="sb-$rid"
  local targets input opts t0 t1 secs sub_t0 sub_secs
  if ((quiet)); then targets=$N_WARM; input=$WARM_INPUT; else targets="$(targets_for "$kind")"; input="$(input_for "$kind")"; fi
  mapfile -t opts < <(opts_for "$kind")
  log "round $round: $kind, $n worker(s)$( ((kill)) && echo ', one killed by SIGKILL at half time') ($(fmt_int "$targets") targets)"
  sub_t0=$(now_ns)
  kafka_topic_create "$in" "$kind" "$input" >"$WORK/$tag-submit.log" 2>&1 \
    || { warn "$tag: submit failed: $(tail -3 "$WORK/$tag-submit.log" | tr '\n' ' ')"; return 1; }
  sub_secs="$(secs_since "$sub_t0")"
  kafka_topic_create "$out" "$kind" >>"$WORK/$tag-submit.log" 2>&1 \
    || { warn "$tag: creating $out failed: $(tail -3 "$WORK/$tag-submit.log" | tr '\n' ' ')"; return 1; }

  local -a wpids=() jpids=() cpu=()
  local i b0 tb0 kill_at="" killed_cpu="-"
  b0="$(cpu_secs "$KAFKA_JVM_PID")"; tb0="$(cpu_secs "$TESTBED_JVM_PID")"
  if ((kill)); then
    local ref="${SECS[$kind-$round-w$n]:-}"
    [[ -n "$ref" ]] || ref="$(awk -v s="${SECS[$kind-$round-local]:-30}" 'BEGIN{printf "%.3f", s / 0.8}')"
    kill_at="$(awk -v s="$ref" 'BEGIN{printf "%.3f", s / 2}')"
  fi
  t0=$(now_ns)
  for i in $(seq 1 "$n"); do
    timeout "$RUN_TIMEOUT" "${BF[@]}" worker --kafka "$KAFKA_BOOTSTRAP" --group "$group" --in "$in" --out "$out" \
      --kind "$kind" --worker-id "w$i-$rid" --session-timeout "$SESSION_TIMEOUT" \
      --transaction-timeout "$TRANSACTION_TIMEOUT" "${opts[@]}" >"$WORK/$tag-w$i.log" 2>&1 &
    wpids+=("$!")
    STARTED_PIDS+=("$!")
  done
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/$tag-collect.time" timeout "$RUN_TIMEOUT" "${BF[@]}" collect \
    --kafka "$KAFKA_BOOTSTRAP" --topic "$out" --expect "$targets" --until-idle "$IDLE" -o "$WORK/$tag-timed.ndjson" \
    >"$WORK/$tag-collect.log" 2>&1 &
  local cpid=$!
  STARTED_PIDS+=("$cpid")
  for i in "${!wpids[@]}"; do jpids[i]="$(child_of "${wpids[i]}")"; done
  local killed=0 crc=0 at_kill=-
  while kill -0 "$cpid" 2>/dev/null; do
    if ((kill && !killed)) && awk -v a="$(secs_since "$t0")" -v b="$kill_at" 'BEGIN{exit !(a >= b)}'; then
      killed_cpu="$(cpu_secs "${jpids[0]}")"
      at_kill="$(wc -l <"$WORK/$tag-timed.ndjson" 2>/dev/null || echo 0)"
      if [[ -n "${jpids[0]}" ]] && kill -KILL "${jpids[0]}" 2>/dev/null; then
        kill_at="$(secs_since "$t0")"
        log "  SIGKILL worker 1 (JVM pid ${jpids[0]}, ${killed_cpu} s CPU so far) at $(secs_since "$t0") s; the timed collect had ~$at_kill records"
      else
        warn "  worker 1 (pid ${jpids[0]:-?}) was not running at $(secs_since "$t0") s"
      fi
      killed=1
    fi
    sleep 0.1
  done
  wait "$cpid" || crc=$?
  t1=$(now_ns)
  secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b - a) / 1e9}')"
  for i in "${!jpids[@]}"; do cpu[i]="$(cpu_secs "${jpids[i]:-0}")"; done
  local threads=""; ((killed)) || threads="$(thread_cpu "${jpids[0]:-0}")"
  ((killed)) && cpu[0]="$killed_cpu"
  local b1 tb1; b1="$(cpu_secs "$KAFKA_JVM_PID")"; tb1="$(cpu_secs "$TESTBED_JVM_PID")"
  ((crc == 0)) || warn "$tag: timed collect exit $crc: $(tail -3 "$WORK/$tag-collect.log" | tr '\n' ' ')"
  local got; got="$(wc -l <"$WORK/$tag-timed.ndjson" 2>/dev/null || echo 0)"
  ((got == targets)) || warn "$tag: the timed collect ended with $got records of $targets"
  # stop the workers (SIGTERM: they finish, commit and leave the group), then read the output topic again
  # from the beginning, after every worker is gone, into the file that is checked: duplicates past the
  # first T records show there
  STOP_WAIT_SECONDS=40 stop_pids "${wpids[@]}"
  local -a wrc=()
  for i in "${!wpids[@]}"; do local r=0; wait "${wpids[i]}" 2>/dev/null || r=$?; wrc+=("$r"); done
  rm -f "$WORK/$tag-timed.ndjson"
  local rec="$WORK/$tag-records.ndjson"
  timeout "$RUN_TIMEOUT" "${BF[@]}" collect --kafka "$KAFKA_BOOTSTRAP" --topic "$out" --until-idle "$FINAL_IDLE" \
    -o "$rec" >"$WORK/$tag-final-collect.log" 2>&1 || warn "$tag: final collect failed: $(tail -3 "$WORK/$tag-final-collect.log" | tr '\n' ' ')"
  ((quiet)) && { rm -f "$rec"; return 0; }
  local c; read -r -a c < <(check_records "$kind" "$rec")
  [[ "$KEEP" == 1 ]] || rm -f "$rec"
  SECS[$kind-$round-$label]=$secs
  local rate ratio sum ccpu own
  # the workers' own figure ("N targets in X s" in each one's end summary: from its engine's start, so
  # without JVM start and group join); the largest of them
  own="$(cat "$WORK/$tag"-w*.log 2>/dev/null | sed -n 's/^[0-9,]* targets in \([0-9.]*\) s .*/\1/p' | sort -g | tail -1)"
  rate="$(awk -v t="$targets" -v s="$secs" 'BEGIN{printf "%.0f", t / s}')"
  ratio="$(awk -v a="${SECS[$kind-$round-local]:-}" -v s="$secs" 'BEGIN{ if (a == "") print "-"; else printf "%.2f", a / s }')"
  sum="$(printf '%s\n' "${cpu[@]}" | awk '$1 != "-" {s += $1} END{printf "%.2f", s}')"
  ccpu="$(awk '{printf "%.2f", $2 + $3}' "$WORK/$tag-collect.time" 2>/dev/null || echo -)"
  echo "workers=$n targets=$targets records=${c[1]} lost=${c[3]} duplicated=${c[4]} kind=$kind killed=$killed round=$round seconds=$secs rate=$rate ratio=$ratio"
  # what the workers say they ran and published (their end summaries; a SIGKILLed worker has none): a sum
  # of targets run above T is work done twice (dropped at a rebalance or redone after the kill)
  local ran pub
  ran="$(cat "$WORK/$tag"-w*.log 2>/dev/null | sed -n 's/^\([0-9,]*\) targets in .*/\1/p' | tr -d , | awk '{s += $1} END{print s + 0}')"
  pub="$(cat "$WORK/$tag"-w*.log 2>/dev/null | sed -n 's/.*worker published \([0-9,]*\) records.*/\1/p' | tr -d , | awk '{s += $1} END{print s + 0}')"
  local note
  note="worker exits ${wrc[*]}; the summaries of the workers that ended say $(fmt_int "$ran") targets run, $(fmt_int "$pub") records published"
  ((crc == 0)) || note+=", timed collect exit $crc"
  ((got == targets)) || note+=", timed collect read $got"
  [[ -n "$threads" ]] && note+="; worker 1's busiest threads (CPU s): $threads"
  ((killed)) && note+=", worker 1 SIGKILLed at ${kill_at} s (${killed_cpu} s CPU by then; the timed collect had ~$at_kill records)"
  [[ "${c[3]}" == 0 && "${c[4]}" == 0 && "${c[5]}" == 0 ]] || note+=", **NOT EXACTLY ONCE**"
  add_row "$kind | workers | $n | $( ((killed)) && echo "1 (SIGKILL)" || echo -) | $(fmt_int "$targets") | $(fmt_int "${c[1]}") | ${c[3]} | ${c[4]} | ${c[5]} | ${c[6]} | $sub_secs | $secs | ${own:--} | $(fmt_int "$rate") | $ratio | $(IFS=' '; echo "${cpu[*]}") | $sum | $(sub_secs "$b1" "$b0") | $(sub_secs "$tb1" "$tb0") | $ccpu | $note"
  ((killed)) || CPU_PARTS[$kind-$round-$label]="$sum $(sub_secs "$b1" "$b0") $ccpu $(sub_secs "$tb1" "$tb0")"
  ((killed)) || SCALE_LINES+=("$(scale_line "$kind" "$n worker(s)" "$targets" "$secs" "$sum" "$(IFS=' '; echo "${cpu[*]}")" "$(sub_secs "$b1" "$b0")" "$(sub_secs "$tb1" "$tb0")" "$ccpu")")
  SUMMARY_LINES+=("$kind n=$n killed=$killed lost=${c[3]} duplicated=${c[4]} unexpected=${c[5]}")
}

# ---------------------------------------------------------------- warm-up (not measured)
if [[ "$WARMUP" == 1 ]]; then
  log "warm-up: local rdns of a /16 and 20,000 URLs, then a small Kafka round per kind (not measured)"
  timeout 300 "${BF[@]}" rdns --resolver "$LOOP:$TB_DNS_PORT" -q -o /dev/null 198.19.0.0/16 >/dev/null 2>&1 || warn "warm-up rdns failed"
  timeout 300 "${BF[@]}" http --resolver "$LOOP:$TB_DNS_PORT" -q -o /dev/null "$WORK/warm-urls.txt" >/dev/null 2>&1 || warn "warm-up http failed"
  echo "198.19.0.0/18" >"$WORK/warm-ptr.txt"
  head -n 4000 "$WORK/warm-urls.txt" >"$WORK/warm-urls-small.txt"
  for kind in $KINDS; do
    if [[ "$kind" == rdns ]]; then N_WARM=16384; WARM_INPUT="$WORK/warm-ptr.txt"; else N_WARM=4000; WARM_INPUT="$WORK/warm-urls-small.txt"; fi
    run_kafka "$kind" 0 1 0 1 || warn "warm-up Kafka round ($kind) failed"
  done
fi

# ---------------------------------------------------------------- report
write_report() {  # write_report -> RESULTS_FILE from the rows so far (rewritten after every run)
  local kind round r rs n s bad ratios
  VERDICT=()
  for kind in $KINDS; do
    ratios=""
    for round in $(seq 1 "$REPEAT"); do
      [[ -n "${SECS[$kind-$round-w1]:-}" && -n "${SECS[$kind-$round-local]:-}" ]] || continue
      ratios+=" $(awk -v a="${SECS[$kind-$round-local]}" -v b="${SECS[$kind-$round-w1]}" 'BEGIN{printf "%.3f", a / b}')"
    done
    if [[ -z "$ratios" ]]; then VERDICT+=("- $kind: one worker / local: n/a (no 1-worker run)"); continue; fi
    r="$(echo "$ratios" | median)"
    VERDICT+=("- $kind: one worker / local = $(fmt "$r" 2)x (median of $REPEAT round(s):$ratios); target >= 0.8x: $(awk -v r="$r" 'BEGIN{print (r >= 0.8 ? "met" : "NOT met")}')")
    # what the CPU allows: with every process on the same cores, a run that keeps them as busy as the local
    # one can go no faster than (local run's CPU) / (Kafka run's CPU); the worker's own share is what a
    # cluster, its broker and readers on other machines, pays per target
    local lp wp
    lp="${CPU_PARTS[$kind-1-local]:-}"; wp="${CPU_PARTS[$kind-1-w1]:-}"
    if [[ -n "$lp" && -n "$wp" && "$lp$wp" != *-* ]]; then
      VERDICT+=("$(awk -v l="$lp" -v w="$wp" -v k="$kind" -v cores="$(nproc)" 'BEGIN{
        split(l, a, " "); split(w, b, " "); la = a[1] + a[4]; wa = b[1] + b[2] + b[3] + b[4]
        printf "- %s, read from the CPU (round 1): the 1-worker run used %.1f CPU s (worker %.1f, broker %.1f, collect %.1f, testbed %.1f) against the local run'"'"'s %.1f (bulkfetch %.1f, testbed %.1f); on %d shared cores, used as fully as the local run used them, it would reach %.2fx; the worker alone spends %.2fx the local command'"'"'s CPU per target", k, wa, b[1], b[2], b[3], b[4], la, a[1], a[4], cores, la / wa, b[1] / a[1] }')")
    fi
    for n in $WORKERS; do
      ((n > 1)) || continue
      rs=""
      for round in $(seq 1 "$REPEAT"); do
        [[ -n "${SECS[$kind-$round-w$n]:-}" ]] && rs+=" $(awk -v a="${SECS[$kind-$round-local]:-0}" -v b="${SECS[$kind-$round-w$n]}" 'BEGIN{printf "%.3f", a / b}')"
      done
      [[ -n "$rs" ]] && VERDICT+=("- $kind: $n workers / local = $(fmt "$(echo "$rs" | median)" 2)x")
    done
  done
  bad=0
  for s in "${SUMMARY_LINES[@]}"; do [[ "$s" == *"lost=0 duplicated=0 unexpected=0" ]] || bad=1; done
  if ((bad)); then
    VERDICT+=("- exactly once: **NOT MET** in at least one run (see lost / duplicated / unexpected)")
  else
    VERDICT+=("- exactly once (every input once in the read_committed output, by line (and name for rdns)): met in every Kafka run (${#SUMMARY_LINES[@]})")
  fi

  LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
  {
    echo "# Scale-out benchmark: latest run (load-tests/scale-out/bench.sh)"
    echo
    echo "- status: $([[ "$DONE" == 1 ]] && echo "complete" || echo "IN PROGRESS or interrupted: the rows measured so far")"
    echo "- date: $(date -u '+%Y-%m-%d %H:%M:%SZ'); nproc: $(nproc); load average before / after: $LOAD_BEFORE / $LOAD_AFTER (the machine is shared: other jobs skew the figures)"
    echo "- java: $("$JAVA" -version 2>&1 | head -1); commit: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo ?)"
    echo "- one Kafka broker (KRaft, 4.4.0, one JVM started from the Maven jars), the embedded testbed (HTTP + DNS), all on 127.0.0.1; every process on the same $(nproc) cores"
    echo "- inputs: rdns \`$PTR_BASE/$N_PTR\` ($(fmt_int "$N_PTR_TARGETS") PTR lookups; submit cuts it into $((N_PTR_TARGETS >= 4096 ? N_PTR_TARGETS / 4096 : 1)) messages of a /20); http $(fmt_int "$N_URLS") URLs \`http://hNNNNN.bulkfetch.test:PORT/page/i\` over $(fmt_int "$HOSTS") hosts (keyed by host); $PARTITIONS partitions per topic; fresh topics and group per run (names with the run id $RUN_ID)"
    echo "- time s: local = the whole \`bulkfetch rdns|http\` process; workers = from just before the first worker starts (submit done before, its time in 'submit s') until \`collect --expect T\` (started at the same moment, read_committed) has read all T records and exited. targets/s = T / time s; x local = local time / this time (same round)"
    echo "- own s: the process's own 'N targets in X s' (its engine's time, without JVM start and, for workers, group join; the largest of the workers')"
    echo "- worker CPU s: utime+stime of each worker JVM from /proc/PID/stat when the timed collect ended (the SIGKILLed one: just before its kill); broker / testbed CPU s: the growth over the same interval; collect CPU s: the timed collect process"
    echo "- workers: \`--session-timeout $SESSION_TIMEOUT --transaction-timeout $TRANSACTION_TIMEOUT\`; SIGKILL runs: worker 1's JVM gets kill -9 at half the time of the same run without the kill; records checked after all workers stopped, by a second \`collect\` from the beginning of the topic"
    echo "- check: lost = inputs without a record; dup = records beyond the first for a (line, name) (rdns) or a line (http); unexp = records of no input; not ok = records that are not the testbed's answer (rdns NOERROR + its PTR target, http 200)"
    [[ -n "$BULKFETCH_ARGS$RDNS_ARGS$HTTP_ARGS" ]] && echo "- extra options: BULKFETCH_ARGS=\`$BULKFETCH_ARGS\` RDNS_ARGS=\`$RDNS_ARGS\` HTTP_ARGS=\`$HTTP_ARGS\`"
    echo
    echo "| kind | run | workers | killed | targets | records | lost | dup | unexp | not ok | submit s | time s | own s | targets/s | x local | worker CPU s (each) | CPU s (sum) | broker CPU s | testbed CPU s | collect CPU s | note |"
    echo "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |"
    printf '%s\n' "${ROWS[@]}"
    echo
    printf '%s\n' "${VERDICT[@]}"
    echo
    echo "### Scaling, read from the CPU (runs without a kill)"
    echo
    echo "All processes (testbed, broker, workers, collect) share the same $(nproc) cores, with whatever else runs on the machine: more workers cannot go faster here. What more machines would divide is the workers' CPU per target; what the run costs beyond the local command is the growth of that figure, plus the broker's and the collector's CPU."
    echo
    printf '%s\n' "${SCALE_LINES[@]}"
    echo
    echo "## Commands"
    echo
    echo '```'
    echo "java -XX:+UseSerialGC -jar cli/target/bulkfetch.jar testbed --http-port TB_HTTP_PORT --dns-port TB_DNS_PORT &"
    echo "java -Xms256m -Xmx1g -cp CORE_TEST_CLASSPATH kafka.Kafka server.properties &   # load-tests/lib/kafka-broker.sh (after kafka.tools.StorageTool format)"
    echo "$BF_SHOWN rdns|http --resolver 127.0.0.1:TB_DNS_PORT ${BULKFETCH_ARGS:+$BULKFETCH_ARGS }-o OUT INPUT        # local run"
    echo "$BF_SHOWN submit --kafka 127.0.0.1:KAFKA_PORT --topic IN --kind KIND --create-topic --partitions $PARTITIONS INPUT"
    echo "$BF_SHOWN submit --kafka 127.0.0.1:KAFKA_PORT --topic OUT --kind KIND --create-topic --partitions $PARTITIONS - </dev/null   # the output topic, empty"
    echo "$BF_SHOWN worker --kafka 127.0.0.1:KAFKA_PORT --group G --in IN --out OUT --kind KIND --worker-id wI-RUN --session-timeout $SESSION_TIMEOUT --transaction-timeout $TRANSACTION_TIMEOUT --resolver 127.0.0.1:TB_DNS_PORT ${BULKFETCH_ARGS:+$BULKFETCH_ARGS }&   # x N"
    echo "$BF_SHOWN collect --kafka 127.0.0.1:KAFKA_PORT --topic OUT --expect T --until-idle $IDLE -o TIMED   # timed"
    echo "$BF_SHOWN collect --kafka 127.0.0.1:KAFKA_PORT --topic OUT --until-idle $FINAL_IDLE -o RECORDS   # after the workers stopped; checked by check.py"
    echo '```'
  } >"$RESULTS_FILE"
}

# ---------------------------------------------------------------- measured runs
# Order: each kind's local run and its first worker count first (the ratio the target is about), then the
# other worker counts, then the SIGKILL runs; the report is rewritten after every run, so an interrupted
# bench leaves the rows it has.
first_n="${WORKERS%% *}"
DONE=0
for round in $(seq 1 "$REPEAT"); do
  for kind in $KINDS; do
    run_local "$kind" "$round"; write_report
    if [[ -n "$first_n" ]]; then run_kafka "$kind" "$round" "$first_n" 0 || warn "run failed: $kind, $first_n workers"; write_report; fi
  done
  for n in $WORKERS; do
    [[ "$n" == "$first_n" ]] && continue
    for kind in $KINDS; do run_kafka "$kind" "$round" "$n" 0 || warn "run failed: $kind, $n workers"; write_report; done
  done
  for n in $KILL_WORKERS; do
    ((n >= 2)) || { warn "KILL_WORKERS: $n < 2 skipped (nobody would be left to finish)"; continue; }
    for kind in $KINDS; do run_kafka "$kind" "$round" "$n" 1 || warn "run failed: $kind, $n workers, one killed"; write_report; done
  done
done
DONE=1
write_report
log "wrote $RESULTS_FILE"
echo
cat "$RESULTS_FILE"
