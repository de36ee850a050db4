#!/usr/bin/env bash
# Crawl politeness benchmark: 100,000 URLs over 1,000 host names (all resolved to loopback by the
# embedded DNS testbed, served by the embedded HTTP testbed), --host-delay 50ms. Checks from the
# server's arrival log that no host ever saw two requests closer than the delay, and compares the
# crawl's time with the ideal: the host-delay bound or the server's capacity (measured in the same
# run by the same client without politeness), whichever binds. Input sorted by host (the worst order
# for a crawler that reads in order) and shuffled.
#
# Usage: load-tests/crawl/bench.sh          (see load-tests/crawl/README.md)
# Env:   HOSTS=1000 PER_HOST=100 DELAY_MS=50 REPEAT=1 WARMUP=20000 KEEP=0 TB_HTTP_PORT= TB_DNS_PORT= RUN_TIMEOUT=600
#        BULKFETCH_ARGS="" RESULTS_FILE=load-tests/crawl/RESULTS-latest.md JAVA=java
#
# Safety: every request goes to 127.0.0.1 with an explicit port, to the testbed this script starts;
# it is stopped by PID on exit; every command runs under `timeout`.
set -euo pipefail
# shellcheck source=load-tests/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
JAR="${BULKFETCH_JAR:-$ROOT/cli/target/bulkfetch.jar}"
HOSTS="${HOSTS:-1000}"
PER_HOST="${PER_HOST:-100}"
DELAY_MS="${DELAY_MS:-50}"
REPEAT="${REPEAT:-1}"
KEEP="${KEEP:-0}"
RUN_TIMEOUT="${RUN_TIMEOUT:-600}"
BULKFETCH_ARGS="${BULKFETCH_ARGS:-}"
RESULTS_FILE="${RESULTS_FILE:-$SCRIPT_DIR/RESULTS-latest.md}"
JAVA="${JAVA:-java}"
LOOP=127.0.0.1
for v in HOSTS PER_HOST DELAY_MS REPEAT RUN_TIMEOUT; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "error: $v must be a positive integer (got '${!v}')" >&2; exit 2; }
done
N=$((HOSTS * PER_HOST))
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulkfetch-crawlbench.XXXXXX")"
on_exit_stop_started
ulimit -n 65536 2>/dev/null || ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true

if [[ ! -f "$JAR" ]]; then
  log "building the jar"
  (cd "$ROOT" && timeout 1200 mvn -B -q package -DskipTests) >&2
fi
BF=("$ROOT/bin/bulkfetch")
[[ -n "${BULKFETCH_JAR:-}" ]] && BF=("$JAVA" -XX:+UseSerialGC -jar "$JAR")

# ---------------------------------------------------------------- inputs
TB_DNS_PORT="${TB_DNS_PORT:-}"; pick_port TB_DNS_PORT 16353
TB_HTTP_PORT="${TB_HTTP_PORT:-}"; pick_port TB_HTTP_PORT 18180
awk -v hosts="$HOSTS" -v per="$PER_HOST" -v port="$TB_HTTP_PORT" 'BEGIN{
  for (h = 0; h < hosts; h++) for (i = 0; i < per; i++)
    printf "http://h%05d.bulkfetch.test:%d/page/%d\n", h, port, i }' >"$WORK/sorted.txt"
shuf --random-source=<(yes) "$WORK/sorted.txt" >"$WORK/shuffled.txt"
WARMUP="${WARMUP:-20000}"
# as many other host names as measured ones: the server's accept, connection and DNS paths get as warm
# as its request path before the measured run opens its connections
awk -v n="$WARMUP" -v hosts="$HOSTS" -v port="$TB_HTTP_PORT" 'BEGIN{
  for (i = 0; i < n; i++) printf "http://w%05d.bulkfetch.test:%d/page/%d\n", i % hosts, port, i }' >"$WORK/warmup.txt"

# ---------------------------------------------------------------- one scenario = one fresh testbed
# run_scenario TAG INPUT ARGS... -> prints "seconds wall rss records ok hosts min_gap_ms violations"
run_scenario() {
  local tag=$1 input=$2; shift 2
  local arrivals="$WORK/arrivals-$tag.log" out="$WORK/out-$tag.ndjson" sum="$WORK/sum-$tag.json" tf="$WORK/time-$tag" t0
  : >"$arrivals"
  # This runs in a subshell (read < <(run_scenario ...)): its testbed is stopped below, by this function, and
  # the lifetime bounds it should the script be killed. The readiness probe's request (host 127.0.0.1) is
  # in the arrival log, outside the measured h* hosts the checks read.
  TESTBED_LIFETIME=3600 start_testbed "$WORK/testbed-$tag.log" --arrival-log "$arrivals" \
    || log "the testbed is not answering; measuring anyway (the run will show it)"
  # warm the fresh testbed's JIT (and the page cache) on other host names, so that neither scenario
  # measures a cold server; the arrival checks below look at the measured hosts (h*) only
  timeout 300 "${BF[@]}" http --resolver "$LOOP:$TB_DNS_PORT" -q -o /dev/null "$WORK/warmup.txt" \
    2>"$WORK/warmup-$tag.log" || log "warm-up run failed (see $WORK/warmup-$tag.log); measuring anyway"
  # then the same URLs as a paced crawl: a thousand connections with one request each per delay take
  # other paths through the server than a burst does (without this pass the testbed's C2 compiler
  # took a core for ~0.5 s inside the measured crawl)
  timeout 300 "${BF[@]}" http --resolver "$LOOP:$TB_DNS_PORT" -q -o /dev/null --host-delay 10ms "$WORK/warmup.txt" \
    2>>"$WORK/warmup-$tag.log" || log "paced warm-up run failed (see $WORK/warmup-$tag.log); measuring anyway"
  t0="$(now_ns)"
  # shellcheck disable=SC2086 # BULKFETCH_ARGS is a list of options by design
  /usr/bin/time -v -o "$tf" timeout "$RUN_TIMEOUT" "${BF[@]}" http --resolver "$LOOP:$TB_DNS_PORT" -q \
    -o "$out" --summary "$sum" "$@" $BULKFETCH_ARGS "$input" 2>"$WORK/err-$tag.log"
  local wall; wall="$(secs_since "$t0")"
  sleep 0.5   # the testbed's log writer flushes every 200 ms
  stop_pids "$TESTBED_PID"
  local seconds; seconds="$(sed -n 's/.*"seconds":\([0-9.]*\).*/\1/p' "$sum" | head -1)"
  local records ok; records="$(wc -l <"$out")"; ok="$(grep -c '"status":200' "$out" || true)"
  # per host: requests seen and the smallest gap between two in a row (epoch microseconds)
  local stats; stats="$(awk '$2 ~ /^h[0-9]/' "$arrivals" | sort -k2,2 -k1,1n | awk -v d="$DELAY_MS" '
    { if ($2 == h) { g = ($1 - t) / 1000; if (min == "" || g < min) min = g; if (g < d) bad++ } else hosts++;
      h = $2; t = $1; n++ }
    END { printf "%d %d %s %d", n, hosts, (min == "" ? "-" : sprintf("%.1f", min)), bad }')"
  echo "$seconds $wall $(max_rss_mib "$tf") $records $ok $stats"
}

ROWS=()
add_row() { ROWS+=("| $* |"); }
declare -A SECS BAD LOST
for r in $(seq 1 "$REPEAT"); do
  log "round $r/$REPEAT: capacity (no politeness, same client), sorted input"
  read -r s w rss rec ok seen hosts gap bad < <(run_scenario "capacity-$r" "$WORK/sorted.txt")
  add_row "capacity: no politeness | sorted | $N | $s | $w | $rss | $rec | $ok | $seen | $gap | $bad"
  SECS[capacity]+=" $s"
  for order in sorted shuffled; do
    log "round $r/$REPEAT: --host-delay ${DELAY_MS}ms, $order input"
    read -r s w rss rec ok seen hosts gap bad < <(run_scenario "$order-$r" "$WORK/$order.txt" --host-delay "${DELAY_MS}ms")
    add_row "--host-delay ${DELAY_MS}ms | $order | $N | $s | $w | $rss | $rec | $ok | $seen | $gap | $bad"
    SECS[$order]+=" $s"
    BAD[$order]=$(( ${BAD[$order]:-0} + bad ))
    [[ "$rec" == "$N" && "$ok" == "$N" && "$seen" == "$N" ]] || LOST[$order]=1
  done
done

cap="$(echo "${SECS[capacity]}" | median)"
bound="$(awk -v p="$PER_HOST" -v d="$DELAY_MS" 'BEGIN{printf "%.3f", (p - 1) * d / 1000}')"
ideal="$(awk -v a="$cap" -v b="$bound" 'BEGIN{printf "%.3f", (a > b ? a : b)}')"
{
  echo "## Crawl politeness: load-tests/crawl/bench.sh (REPEAT=$REPEAT)"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%SZ'); nproc: $(nproc); load before / after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- java: $("$JAVA" -version 2>&1 | head -1)"
  echo "- input: $HOSTS host names x $PER_HOST URLs = $N, every name resolved by the embedded DNS testbed to 127.0.0.1, served by the embedded HTTP testbed (/page/i, ~60 B bodies); a fresh testbed per run, warmed by $WARMUP requests to $HOSTS other host names first (a burst, then the same paced at 10 ms), its arrival log checked (measured hosts only)"
  echo "- run s: the run as bulkfetch measured it (--summary 'seconds', JVM start excluded); wall s: the whole process"
  echo
  echo "| run | input order | URLs | run s | wall s | peak RSS MiB | records | status 200 | requests seen by server | min gap per host ms | gaps < ${DELAY_MS} ms |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "- host-delay bound: ($PER_HOST - 1) x ${DELAY_MS} ms = ${bound} s; server capacity (same client, no politeness): ${cap} s; ideal = the larger = ${ideal} s"
  for order in sorted shuffled; do
    med="$(echo "${SECS[$order]}" | median)"
    ratio="$(awk -v a="$med" -v b="$ideal" 'BEGIN{printf "%.2f", a / b}')"
    met="$(awk -v r="$ratio" 'BEGIN{print (r <= 1.2 ? "met" : "NOT met")}')"
    echo "- $order input: ${med} s = ${ratio}x ideal (target <= 1.2x: $met); gaps under ${DELAY_MS} ms: ${BAD[$order]:-0} (target 0: $([[ ${BAD[$order]:-0} == 0 ]] && echo met || echo 'NOT met')); every URL answered 200 and seen once by the server: $([[ -z "${LOST[$order]:-}" ]] && echo yes || echo NO)"
  done
  echo
  echo '```'
  echo "java -XX:+UseSerialGC -jar cli/target/bulkfetch.jar testbed --http-port HTTP_PORT --dns-port DNS_PORT --arrival-log ARRIVALS &"
  echo "bin/bulkfetch http --resolver 127.0.0.1:DNS_PORT -q -o OUT --summary SUM.json [--host-delay ${DELAY_MS}ms] URLS.txt"
  echo '```'
} >"$RESULTS_FILE"
cat "$RESULTS_FILE"
