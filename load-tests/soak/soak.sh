#!/usr/bin/env bash
# Soak test: rounds of a million mixed HTTP targets and a million PTR lookups against the embedded
# testbed with faults on, until SOAK_SECONDS have passed; heap and RSS of the running bulkfetch every
# SAMPLE_SECONDS; after every run the conservation check (each input accounted for exactly once).
#
# Usage: load-tests/soak/soak.sh            (see load-tests/soak/README.md)
# Env:   SOAK_SECONDS=600 N_HTTP=1000000 N_PTR=1048576 SAMPLE_SECONDS=10 MAX_ROUNDS=1000
#        DROP_SHARE=0.01 NXDOMAIN_SHARE=0.02 SERVFAIL_SHARE=0.01 TRUNCATE_SHARE=0.01 SEED=
#        JAVA_OPTS="-Xmx512m -XX:+ExitOnOutOfMemoryError" HTTP_CONC=1000 PER_HOST=500 PTR_CONC=500
#        HTTP_ARGS="" PTR_ARGS="" MEM_TOLERANCE_PCT=25 MEM_FLOOR_MIB=32 STRICT_MEMORY=0 RUN_TIMEOUT=1800 KEEP=0
#        TB_HTTP_PORT= TB_DNS_PORT= CLOSED_PORT= BULKFETCH_JAR=cli/target/bulkfetch.jar
#        RESULTS_FILE=load-tests/soak/RESULTS-latest.md JAVA=java
#
# Safety: every request goes to 127.0.0.1 with an explicit port; every bulkfetch command gets
# --resolver 127.0.0.1:TB_DNS_PORT (the testbed this script starts); processes are stopped by PID on
# exit; every external command runs under `timeout`; loops are bounded in count and time.
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
# shellcheck source=load-tests/lib/common.sh
source "$SCRIPT_DIR/../lib/common.sh"

SOAK_SECONDS="${SOAK_SECONDS:-600}"
N_HTTP="${N_HTTP:-1000000}"
N_PTR="${N_PTR:-1048576}"
SAMPLE_SECONDS="${SAMPLE_SECONDS:-10}"
MAX_ROUNDS="${MAX_ROUNDS:-1000}"
DROP_SHARE="${DROP_SHARE:-0.01}"
NXDOMAIN_SHARE="${NXDOMAIN_SHARE:-0.02}"
SERVFAIL_SHARE="${SERVFAIL_SHARE:-0.01}"
TRUNCATE_SHARE="${TRUNCATE_SHARE:-0.01}"
SEED="${SEED:-}"
# A small heap on purpose: a leak shows as an OutOfMemoryError (exit 3) instead of a slow drift.
JAVA_OPTS="${JAVA_OPTS:--Xmx512m -XX:+ExitOnOutOfMemoryError}"
HTTP_CONC="${HTTP_CONC:-1000}"
PER_HOST="${PER_HOST:-500}"
PTR_CONC="${PTR_CONC:-500}"
HTTP_ARGS="${HTTP_ARGS:-}"
PTR_ARGS="${PTR_ARGS:-}"
MEM_TOLERANCE_PCT="${MEM_TOLERANCE_PCT:-25}"
MEM_FLOOR_MIB="${MEM_FLOOR_MIB:-32}"   # differences this small are flat whatever the percentage
STRICT_MEMORY="${STRICT_MEMORY:-0}"
RUN_TIMEOUT="${RUN_TIMEOUT:-1800}"
KEEP="${KEEP:-0}"
RESULTS_FILE="${RESULTS_FILE:-$SCRIPT_DIR/RESULTS-latest.md}"
JAVA="${JAVA:-java}"
JAR_SRC="${BULKFETCH_JAR:-$ROOT/cli/target/bulkfetch.jar}"
LOOP=127.0.0.1

for v in SOAK_SECONDS N_HTTP N_PTR SAMPLE_SECONDS MAX_ROUNDS HTTP_CONC PER_HOST PTR_CONC MEM_TOLERANCE_PCT MEM_FLOOR_MIB RUN_TIMEOUT; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "error: $v must be a positive integer (got '${!v}')" >&2; exit 2; }
done
for v in DROP_SHARE NXDOMAIN_SHARE SERVFAIL_SHARE TRUNCATE_SHARE; do
  [[ "${!v}" =~ ^(0(\.[0-9]+)?|1(\.0*)?)$ ]] || { echo "error: $v must be a share 0..1 (got '${!v}')" >&2; exit 2; }
done
[[ -z "$SEED" || "$SEED" =~ ^-?[0-9]+$ ]] || { echo "error: SEED must be an integer (got '$SEED')" >&2; exit 2; }
# N_PTR: a power of two from 256 (a /24) to 16,777,216 (a /8): the sweep is one CIDR line
PTR_BITS=0
while (((1 << PTR_BITS) < N_PTR && PTR_BITS < 25)); do PTR_BITS=$((PTR_BITS + 1)); done
if (((1 << PTR_BITS) != N_PTR || PTR_BITS < 8 || PTR_BITS > 24)); then
  echo "error: N_PTR must be a power of two from 256 to 16777216 (got $N_PTR)" >&2; exit 2
fi
PTR_PREFIX=$((32 - PTR_BITS))
PTR_BASE=$(((198 << 24 | 16 << 16) & (0xffffffff << PTR_BITS) & 0xffffffff))   # 198.16.0.0, aligned
PTR_CIDR="$((PTR_BASE >> 24 & 255)).$((PTR_BASE >> 16 & 255)).$((PTR_BASE >> 8 & 255)).$((PTR_BASE & 255))/$PTR_PREFIX"

out() { printf '%s\n' "$*"; }   # results: samples, checks, tables (stdout)
command -v jstat >/dev/null 2>&1 || log "jstat not found (JDK tools): heap columns will be '-'"

# ---------------------------------------------------------------- cleanup
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulkfetch-soak.XXXXXX")"
CHILD_PID=""; CHILD_JPID=""
# shellcheck disable=SC2317 # called by the library's exit trap
stop_running_bulkfetch() {  # CLEANUP_HOOK: the measured run first, then the testbed
  if [[ -n "$CHILD_PID" ]] && kill -0 "$CHILD_PID" 2>/dev/null; then
    log "stopping the running bulkfetch (PIDs ${CHILD_JPID:-?} under timeout $CHILD_PID)"
    [[ -z "$CHILD_JPID" ]] || stop_pids "$CHILD_JPID"   # one SIGTERM: bulkfetch records the rest as CANCELLED
    stop_pids "$CHILD_PID"
  fi
}
CLEANUP_HOOK=stop_running_bulkfetch
on_exit_stop_started

# the testbed and bulkfetch hold thousands of sockets; both inherit this limit
ulimit -n 65536 2>/dev/null || ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
log "work dir $WORK; ulimit -n $(ulimit -n)"

# ---------------------------------------------------------------- jar (private copy)
[[ -f "$JAR_SRC" ]] || { echo "error: $JAR_SRC not found; build it first (mvn -B -q package -DskipTests)" >&2; exit 1; }
# A private copy: a rebuild of cli/target/bulkfetch.jar by someone else mid-soak changes nothing, and
# bin/bulkfetch's AppCDS archive is written next to this copy, not into the build tree.
JAR="$WORK/bulkfetch.jar"
cp "$JAR_SRC" "$JAR"
BULKFETCH=(env BULKFETCH_JAR="$JAR" JAVA_OPTS="$JAVA_OPTS" "$ROOT/bin/bulkfetch")
bulkfetch_logged() {  # bulkfetch_logged GCLOG -> sets BF: bin/bulkfetch with JAVA_OPTS + a GC log (heap after every GC)
  BF=(env BULKFETCH_JAR="$JAR" JAVA_OPTS="$JAVA_OPTS -Xlog:gc:file=$1" "$ROOT/bin/bulkfetch")
}
BULKFETCH_VERSION="$(timeout 60 "$JAVA" -jar "$JAR" --version 2>/dev/null | sed -n 1p || true)"

# ---------------------------------------------------------------- helpers
alive() {  # alive PID -> 0 while PID runs (a zombie counts as gone)
  [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null && [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || echo Z)" != Z ]]
}
status_kib() {  # status_kib PID FIELD -> VmRSS / VmHWM in KiB, empty if gone
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || true
}
mib() { awk -v k="${1:-}" 'BEGIN{ if (k == "") print "-"; else printf "%.0f", k / 1024 }'; }
heap_mib() {  # heap_mib PID -> "used committed old_used young_gcs full_gcs" (MiB) from jstat -gc, or "- - - - -"
  local h=""
  if command -v jstat >/dev/null 2>&1; then
    h="$(timeout 20 jstat -gc "$1" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
      NR == 2 && ("OU" in c) && ("EU" in c) {
        u = $c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]; t = $c["S0C"] + $c["S1C"] + $c["EC"] + $c["OC"]
        printf "%.0f %.0f %.0f %s %s\n", u / 1024, t / 1024, $c["OU"] / 1024, $c["YGC"], $c["FGC"] }' || true)"
  fi
  echo "${h:-- - - - -}"
}
gc_figures() {  # gc_figures GCLOG -> "young full pause_s median max" from -Xlog:gc lines; median/max (MiB) of the
  # heap after each full GC (the live set), or after every GC (an upper bound of it) when no full GC ran
  awk 'function mib(v,  u) { u = substr(v, length(v)); v += 0; return u == "G" ? v * 1024 : (u == "K" ? v / 1024 : v) }
    / Pause / && match($0, /[0-9]+[KMG]->[0-9]+[KMG]\(/) {
      t = substr($0, RSTART, RLENGTH - 1); split(t, a, "->"); after = mib(a[2])
      ms = $NF; sub(/ms$/, "", ms); pause += ms
      if (index($0, "Pause Full")) f[++full] = after; else y[++young] = after }
    function sorted_median(arr, n,  i, j, v) {
      for (i = 2; i <= n; i++) { v = arr[i]; for (j = i - 1; j >= 1 && arr[j] > v; j--) arr[j + 1] = arr[j]; arr[j + 1] = v }
      return n % 2 ? arr[(n + 1) / 2] : (arr[n / 2] + arr[n / 2 + 1]) / 2 }
    END { if (full) { med = sorted_median(f, full); mx = f[full] }
          else if (young) { med = sorted_median(y, young); mx = y[young] }
          if (full + young) printf "%d %d %.1f %.0f %.0f\n", young, full, pause / 1000, med, mx
          else print "0 0 0 - -" }' "$1" 2>/dev/null || echo "- - - - -"
}
json_num() {  # json_num FILE KEY -> the number of the first "KEY":number in the (compact) JSON file
  { grep -o "\"$2\": *[0-9.]*" "$1" 2>/dev/null || true; } | sed -n 1p | sed 's/.*: *//'
}
json_obj() {  # json_obj FILE KEY -> "k v, k v" of a flat {"k":n,...} object
  [[ -f "$1" ]] || return 0
  { tr -d '\n' <"$1" | grep -o "\"$2\": *{[^}]*}" || true; } | sed -n 1p | sed 's/^[^{]*{//; s/}$//' | tr -d '" ' | sed 's/:/ /g; s/,/, /g'
}
lines_of() { if [[ -f "$1" ]]; then wc -l <"$1"; else echo 0; fi; }

# ---------------------------------------------------------------- 1. testbed with faults on
pick_port TB_DNS_PORT 15470
pick_port TB_HTTP_PORT 18470
pick_port CLOSED_PORT 18570   # free now and never bound by us: CONNECT_REFUSED targets
TB_ARGS=(--drop-share "$DROP_SHARE" --nxdomain-share "$NXDOMAIN_SHARE" --servfail-share "$SERVFAIL_SHARE"
  --truncate-share "$TRUNCATE_SHARE")
[[ -n "$SEED" ]] && TB_ARGS+=(--seed "$SEED")
LIFETIME=$((SOAK_SECONDS + 2 * RUN_TIMEOUT + 600))   # hard upper bound, in case this script is killed -9
TESTBED_START_SECONDS=60 TESTBED_LIFETIME=$LIFETIME start_testbed "$WORK/testbed.log" "${TB_ARGS[@]}" \
  || die "the testbed did not start within 60 s"
TB_PID=$TESTBED_JVM_PID   # the JVM, whose memory the samples read
[[ -n "$TB_PID" ]] && STARTED_PIDS+=("$TB_PID")
log "testbed up (PID $TB_PID): http $LOOP:$TB_HTTP_PORT, dns $LOOP:$TB_DNS_PORT; closed port $CLOSED_PORT"
TB_RSS_START="$(mib "$(status_kib "$TB_PID" VmRSS)")"

# ---------------------------------------------------------------- 2. inputs
HTTP_IN="$WORK/http-targets.txt"
t_gen=$(now_ns)
# One line per target, spread by k = i*7919 mod 1000 (a permutation of each block of 1,000 lines):
# ~80% good (bodies, gzip, chunked, redirects, 4xx, names resolved by the testbed DNS, odd framings)
# and ~20% failing or hostile (resets, hangs, gzip bombs, a closed port, invalid lines, NXDOMAIN and
# SERVFAIL names, truncated bodies, 5xx, redirect loops, oversize headers, endless bodies, late
# first bytes), plus 0.3% blank and comment lines that must get no record.
awk -v n="$N_HTTP" -v hp="$TB_HTTP_PORT" -v cp="$CLOSED_PORT" 'BEGIN {
  u = "http://127.0.0.1:" hp
  split("close-delimited http10 interim bare-lf x-gzip deflate-raw gzip-multi", one, " ")
  split("404 410 204 418", st, " "); split("500 503", st5, " ")
  split("not a url|ftp://x/|http://|http://127.0.0.1:99999/x", bad, "|")
  for (i = 1; i <= n; i++) {
    k = (i * 7919) % 1000; m = i % 4000 + 16
    if (k < 250)      print u "/bytes/" m
    else if (k < 400) print u "/gzip/" (i % 20000 + 100)
    else if (k < 480) print u "/chunked/" (i % 8000 + 10) "/" (i % 700 + 1)
    else if (k < 500) print u ((i % 2) ? "/gzip-chunked/" m "/" (i % 300 + 1) : "/deflate/" m)
    else if (k < 540) print u "/status/" st[i % 4 + 1]
    else if (k < 590) print u "/redirect/2"
    else if (k < 600) print u "/redirect-abs/1"
    else if (k < 700) print "http://h" (i % 2000) ".bulkfetch.test:" hp "/bytes/" (i % 1000)
    else if (k < 770) print u "/" one[i % 7 + 1] "/" m
    else if (k < 780) print u "/chunked-ext/" m "/" (i % 100 + 1)
    else if (k < 790) print u "/many-headers/" (i % 50)
    else if (k < 800) print u "/delay/" (i % 20) "/100"
    else if (k < 840) print u "/reset/" (i % 5000 + 100)
    else if (k < 850) print u "/hang"
    else if (k < 855) print u "/gzip-bomb/100000000"
    else if (k < 880) print "http://127.0.0.1:" cp "/bytes/10"
    else if (k < 900) print bad[i % 4 + 1]
    else if (k < 930) print "http://nx-" (i % 5000) ".bulkfetch.test:" hp "/bytes/10"
    else if (k < 950) print u "/close/" (i % 5000 + 100)
    else if (k < 965) print u "/status/" st5[i % 2 + 1]
    else if (k < 975) print u "/redirect/9"
    else if (k < 978) print u "/huge-headers/100000"
    else if (k < 979) print u "/endless-chunked"
    else if (k < 985) print "http://servfail.bulkfetch.test:" hp "/bytes/10"
    else if (k < 990) print u "/delay/3000/10"
    else if (k < 995) print u ((i % 2) ? "/no-such-path" : "/bytes/abc")
    else if (k < 997) print ""
    else if (k < 998) print "# comment " i
    else              print "  " u "/bytes/77  "
  } }' >"$HTTP_IN"
# the input lines that name targets (bulkfetch skips blank lines and # comments after stripping)
LC_ALL=C awk '{ t = $0; gsub(/^[ \t\r]+|[ \t\r]+$/, "", t) } t != "" && substr(t, 1, 1) != "#" { print NR }' "$HTTP_IN" \
  | LC_ALL=C sort >"$WORK/http-expected.sorted"
HTTP_TARGETS="$(wc -l <"$WORK/http-expected.sorted")"
log "HTTP input: $(fmt_int "$N_HTTP") lines, $(fmt_int "$HTTP_TARGETS") targets, in $(secs_since "$t_gen") s; PTR input: $PTR_CIDR ($(fmt_int "$N_PTR") addresses)"

read -r -a EXTRA_HTTP <<<"$HTTP_ARGS"
read -r -a EXTRA_PTR <<<"$PTR_ARGS"
HTTP_CMD=(http --resolver "$LOOP:$TB_DNS_PORT" -c "$HTTP_CONC" --per-host "$PER_HOST" --follow 3
  --connect-timeout 1s --first-byte-timeout 1s --read-timeout 2s --timeout 10s --max-body 1MiB --no-progress "${EXTRA_HTTP[@]}")
PTR_CMD=(rdns --resolver "$LOOP:$TB_DNS_PORT" -c "$PTR_CONC" --timeout 250ms --retries 3 --no-progress "${EXTRA_PTR[@]}")

# ---------------------------------------------------------------- 3. training run (AppCDS archive)
# bin/bulkfetch writes its AppCDS archive at the end of the first run with this jar; a short run
# makes it here, so that every measured run starts alike (and the first round is not the odd one).
sed -n 1,3000p "$HTTP_IN" >"$WORK/train.txt"
train_rc=0
timeout 300 "${BULKFETCH[@]}" "${HTTP_CMD[@]}" -q -o "$WORK/train.ndjson" "$WORK/train.txt" >"$WORK/train.err" 2>&1 || train_rc=$?
train_ok="$(grep -c '"status":200' "$WORK/train.ndjson" 2>/dev/null || true)"
log "training run: exit $train_rc, $(lines_of "$WORK/train.ndjson") records, ${train_ok:-0} with status 200; AppCDS archive: $([[ -f "${JAR%.jar}.jsa" ]] && echo made || echo none)"
if [[ "${train_ok:-0}" == 0 ]]; then
  tail -5 "$WORK/train.err" >&2 || true
  echo "error: the training run fetched nothing from the testbed" >&2; exit 1
fi

# ---------------------------------------------------------------- 4. rounds
SOAK_T0=$(now_ns)
RUNS=()        # run ids: r1-http r1-ptr ...
declare -A K_KIND K_ROUND K_TARGETS K_SECS K_RATE K_PEAK K_RSS_FIRST K_RSS_LAST K_HEAP K_OLD K_CONS K_NOTE K_KINDS K_EXIT
declare -A K_YGC K_FGC K_PAUSE K_LIVE_MED K_LIVE_MAX
SAMPLES=()     # every sample line, for the results file
FAILS=0

# run_soak ID KIND ROUND OUTFILE SUMMARY CMD... : runs one bulkfetch under `timeout`, samples it until it ends
run_soak() {
  local id=$1 kind=$2 round=$3 outf=$4 summ=$5; shift 5
  local err="$WORK/$id.err" t0 rc=0 next=$SAMPLE_SECONDS el hwm peak=0 rss line heap used comm old ygc fgc recs tbr
  local max_heap=- max_old=- rss_first="" rss_last="" ticks=0
  rm -f "$outf" "$summ"
  t0=$(now_ns)
  # --foreground: timeout then signals bulkfetch once; without it coreutils' timeout sends SIGTERM to the
  # child and again to its process group, and bulkfetch takes a second signal as "stop reading the input"
  # (the unread lines get no record), which would turn a RUN_TIMEOUT into lost lines.
  timeout --foreground --kill-after=15 "$RUN_TIMEOUT" "$@" >"$err" 2>&1 &
  CHILD_PID=$!
  CHILD_JPID="$(child_of "$CHILD_PID")"   # env -> bin/bulkfetch -> exec java: one PID, the JVM's
  while alive "$CHILD_PID" && ((ticks < RUN_TIMEOUT + 120)); do
    sleep 1
    ticks=$((ticks + 1))
    [[ -n "$CHILD_JPID" ]] || CHILD_JPID="$(child_of "$CHILD_PID")"
    hwm="$(status_kib "${CHILD_JPID:-0}" VmHWM)"
    [[ -n "$hwm" ]] && ((hwm > peak)) && peak=$hwm
    el="$(secs_since "$t0")"
    if awk -v e="$el" -v n="$next" 'BEGIN{ exit !(e >= n) }'; then
      next=$((next + SAMPLE_SECONDS))
      rss="$(status_kib "${CHILD_JPID:-0}" VmRSS)"
      [[ -n "$rss" ]] || continue
      read -r used comm old ygc fgc <<<"$(heap_mib "$CHILD_JPID")"
      recs="$(lines_of "$outf")"
      tbr="$(mib "$(status_kib "${TB_PID:-0}" VmRSS)")"
      [[ -n "$rss_first" ]] || rss_first=$(mib "$rss")
      rss_last=$(mib "$rss")
      if [[ "$used" != "-" ]]; then
        [[ "$max_heap" == "-" || "$used" -gt "$max_heap" ]] && max_heap=$used
        [[ "$max_old" == "-" || "$old" -gt "$max_old" ]] && max_old=$old
      fi
      line="$(printf 't=%5ss  %-8s +%4.0fs  heap used/committed %4s/%4s MiB  old gen %4s MiB  GCs young/full %s/%s  RSS %4s MiB  records %9s  (testbed RSS %s MiB)' \
        "$(awk -v s="$(secs_since "$SOAK_T0")" 'BEGIN{printf "%.0f", s}')" "$id" "$el" "$used" "$comm" "$old" "$ygc" "$fgc" \
        "$(mib "$rss")" "$(fmt_int "$recs")" "$tbr")"
      out "$line"
      SAMPLES+=("$line")
    fi
  done
  if alive "$CHILD_PID"; then
    log "$id: still running after $ticks s of sampling; stopping it"
    [[ -z "$CHILD_JPID" ]] || stop_pids "$CHILD_JPID"
    stop_pids "$CHILD_PID"
  fi
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""; CHILD_JPID=""
  K_SECS[$id]="$(secs_since "$t0")"
  RUNS+=("$id"); K_KIND[$id]=$kind; K_ROUND[$id]=$round; K_EXIT[$id]=$rc
  K_PEAK[$id]="$( ((peak > 0)) && mib "$peak" || echo -)"
  K_RSS_FIRST[$id]="${rss_first:--}"; K_RSS_LAST[$id]="${rss_last:--}"; K_HEAP[$id]=$max_heap; K_OLD[$id]=$max_old
  read -r "K_YGC[$id]" "K_FGC[$id]" "K_PAUSE[$id]" "K_LIVE_MED[$id]" "K_LIVE_MAX[$id]" <<<"$(gc_figures "$WORK/$id.gc.log")"
  local oc ek
  oc="$(json_obj "$summ" outcomes)"; ek="$(json_obj "$summ" errorKinds)"
  K_KINDS[$id]="$oc${oc:+${ek:+; }}$ek"
  if ((rc != 0)); then
    log "$id: exit $rc$( ((rc == 124)) && echo " (RUN_TIMEOUT=$RUN_TIMEOUT s reached)"; ((rc == 3)) && echo " (OutOfMemoryError?)"); last stderr lines:"
    tail -5 "$err" >&2 || true
  fi
}

# check_http ID OUT SUMMARY: every target line of the input has exactly one record, nothing else
check_http() {
  local id=$1 outf=$2 summ=$3 got="$WORK/$1.got.sorted" total distinct missing extra other results reasons=""
  { grep -o '^{"line":[0-9]*' "$outf" 2>/dev/null || true; } | cut -c9- | LC_ALL=C sort >"$got"
  total="$(wc -l <"$got")"
  distinct="$(LC_ALL=C uniq "$got" | wc -l)"
  missing="$(LC_ALL=C uniq "$got" | LC_ALL=C comm -23 "$WORK/http-expected.sorted" - | wc -l)"
  extra="$(LC_ALL=C uniq "$got" | LC_ALL=C comm -13 "$WORK/http-expected.sorted" - | wc -l)"
  other=$(( $(lines_of "$outf") - total ))
  results="$(json_num "$summ" results)"
  ((missing == 0)) || reasons+="$missing input lines without a record; "
  ((extra == 0)) || reasons+="$extra records for lines that are not targets; "
  ((total == distinct)) || reasons+="$((total - distinct)) duplicate records; "
  ((other == 0)) || reasons+="$other output lines that are not records; "
  [[ "$results" == "$HTTP_TARGETS" ]] || reasons+="summary results ${results:-missing} (want $HTTP_TARGETS); "
  [[ "${K_EXIT[$id]}" == 0 ]] || reasons+="exit ${K_EXIT[$id]}; "
  K_TARGETS[$id]=$HTTP_TARGETS
  conclude "$id" "$total" "records $(fmt_int "$total"), distinct lines $(fmt_int "$distinct"), missing $missing, extra $extra, duplicates $((total - distinct)), summary results ${results:-?}" "$reasons"
  rm -f "$got"
}

# check_ptr ID OUT SUMMARY: N_PTR records, all for input line 1, N_PTR distinct names, all inside the
# CIDR, and every NOERROR answer the testbed's (a-b-c-d.v4.bulkfetch.test.)
check_ptr() {
  local id=$1 outf=$2 summ=$3 stats total line1 outside wrong distinct results reasons=""
  stats="$(LC_ALL=C awk -v base="$PTR_BASE" -v n="$N_PTR" -v names="$WORK/$id.names" '
    { total++; if (index($0, "{\"line\":1,") == 1) line1++
      if (!match($0, /"name":"[^"]*"/)) { outside++; next }
      name = substr($0, RSTART + 8, RLENGTH - 9); print name >names
      k = split(name, o, ".")
      a = ((o[4] * 256 + o[3]) * 256 + o[2]) * 256 + o[1]
      if (k != 7 || o[5] != "in-addr" || o[6] != "arpa" || a < base || a >= base + n) outside++
      if (index($0, "\"rcode\":\"NOERROR\"") && !index($0, "\"answers\":[\"" o[4] "-" o[3] "-" o[2] "-" o[1] ".v4.bulkfetch.test.\"]")) wrong++ }
    END { printf "%d %d %d %d\n", total, line1, outside, wrong }' "$outf" 2>/dev/null || echo "0 0 0 0")"
  read -r total line1 outside wrong <<<"$stats"
  touch "$WORK/$id.names"
  distinct="$(LC_ALL=C sort -u "$WORK/$id.names" | wc -l)"
  rm -f "$WORK/$id.names"
  results="$(json_num "$summ" results)"
  ((total == N_PTR)) || reasons+="$total records (want $N_PTR); "
  ((distinct == N_PTR)) || reasons+="$distinct distinct names (want $N_PTR); "
  ((line1 == total)) || reasons+="$((total - line1)) records not for line 1; "
  ((outside == 0)) || reasons+="$outside names outside $PTR_CIDR; "
  ((wrong == 0)) || reasons+="$wrong NOERROR records with a wrong PTR; "
  [[ "$results" == "$N_PTR" ]] || reasons+="summary results ${results:-missing} (want $N_PTR); "
  [[ "${K_EXIT[$id]}" == 0 ]] || reasons+="exit ${K_EXIT[$id]}; "
  K_TARGETS[$id]=$N_PTR
  conclude "$id" "$total" "records $(fmt_int "$total"), distinct names $(fmt_int "$distinct"), line 1: $(fmt_int "$line1"), outside the range $outside, wrong answers $wrong, summary results ${results:-?}" "$reasons"
}

live_basis() { [[ "${K_FGC[$1]}" =~ ^[1-9] ]] && echo " (full GCs)" || echo " (no full GC: young GCs, an upper bound)"; }
conclude() {  # conclude ID RECORDS DETAIL REASONS
  local id=$1 recs=$2 detail=$3 reasons=${4%; }
  K_RATE[$id]="$(awk -v n="$recs" -v s="${K_SECS[$id]}" 'BEGIN{ if (s > 0) printf "%.0f", n / s; else print "-" }')"
  if [[ -z "$reasons" ]]; then K_CONS[$id]=PASS; K_NOTE[$id]=""; else K_CONS[$id]=FAIL; K_NOTE[$id]=$reasons; FAILS=$((FAILS + 1)); fi
  out "== $id: $(fmt_int "${K_TARGETS[$id]}") targets in ${K_SECS[$id]} s = $(fmt_int "${K_RATE[$id]}") results/s; peak RSS ${K_PEAK[$id]} MiB; heap: max used ${K_HEAP[$id]} MiB (samples), after GC median/max ${K_LIVE_MED[$id]}/${K_LIVE_MAX[$id]} MiB$(live_basis "$id"), GCs young/full ${K_YGC[$id]}/${K_FGC[$id]}, ${K_PAUSE[$id]} s paused"
  out "   conservation ${K_CONS[$id]}: $detail${reasons:+ -- $reasons}"
  out "   outcomes: ${K_KINDS[$id]:-?}"
}

round=0
while ((round < MAX_ROUNDS)); do
  round=$((round + 1))
  alive "$TB_PID" || { out "the testbed (PID $TB_PID) is gone: $(tail -3 "$WORK/testbed.log" | tr '\n' ' ')"; FAILS=$((FAILS + 1)); break; }
  id="r$round-http"
  log "round $round: http, $(fmt_int "$HTTP_TARGETS") targets"
  bulkfetch_logged "$WORK/$id.gc.log"
  run_soak "$id" http "$round" "$WORK/$id.ndjson" "$WORK/$id.json" "${BF[@]}" "${HTTP_CMD[@]}" \
    -o "$WORK/$id.ndjson" --summary "$WORK/$id.json" "$HTTP_IN"
  check_http "$id" "$WORK/$id.ndjson" "$WORK/$id.json"
  [[ "$KEEP" == 1 ]] || rm -f "$WORK/$id.ndjson"

  alive "$TB_PID" || { out "the testbed (PID $TB_PID) is gone: $(tail -3 "$WORK/testbed.log" | tr '\n' ' ')"; FAILS=$((FAILS + 1)); break; }
  id="r$round-ptr"
  log "round $round: rdns $PTR_CIDR"
  bulkfetch_logged "$WORK/$id.gc.log"
  run_soak "$id" rdns "$round" "$WORK/$id.ndjson" "$WORK/$id.json" "${BF[@]}" "${PTR_CMD[@]}" \
    -o "$WORK/$id.ndjson" --summary "$WORK/$id.json" "$PTR_CIDR"
  check_ptr "$id" "$WORK/$id.ndjson" "$WORK/$id.json"
  [[ "$KEEP" == 1 ]] || rm -f "$WORK/$id.ndjson"

  el="$(secs_since "$SOAK_T0")"
  awk -v e="$el" -v s="$SOAK_SECONDS" 'BEGIN{ exit !(e >= s) }' && break
  log "round $round done at ${el} s of $SOAK_SECONDS s"
done
SOAK_WALL="$(secs_since "$SOAK_T0")"
TB_RSS_END="$(mib "$(status_kib "${TB_PID:-0}" VmRSS)")"

# ---------------------------------------------------------------- 5. report
TABLE="| round | kind | targets | seconds | results/s | RSS first → last sample MiB | peak RSS MiB | max heap used MiB | heap after GC median/max MiB | GCs young/full (paused s) | conservation |"$'\n'
TABLE+="| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"$'\n'
for id in "${RUNS[@]}"; do
  TABLE+="| ${K_ROUND[$id]} | ${K_KIND[$id]} | $(fmt_int "${K_TARGETS[$id]:--}") | ${K_SECS[$id]} | $(fmt_int "${K_RATE[$id]:--}") | ${K_RSS_FIRST[$id]} → ${K_RSS_LAST[$id]} | ${K_PEAK[$id]} | ${K_HEAP[$id]} | ${K_LIVE_MED[$id]}/${K_LIVE_MAX[$id]}$( [[ "${K_FGC[$id]}" =~ ^[1-9] ]] || echo '*') | ${K_YGC[$id]}/${K_FGC[$id]} (${K_PAUSE[$id]}) | ${K_CONS[$id]:-FAIL}${K_NOTE[$id]:+: ${K_NOTE[$id]}} |"$'\n'
done
MEM=""; MEM_BAD=0
flat() {  # flat FIRST LAST -> "+x.x% flat" when within MEM_TOLERANCE_PCT percent or MEM_FLOOR_MIB MiB
  awk -v a="$1" -v b="$2" -v t="$MEM_TOLERANCE_PCT" -v f="$MEM_FLOOR_MIB" 'BEGIN{
    if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || a == 0) { print "n/a"; exit }
    d = (b - a) * 100 / a; ok = (d <= t && d >= -t) || (b - a <= f && a - b <= f)
    printf "%+.1f%%, %s", d, ok ? "flat" : "NOT flat" }'
}
for kind in http rdns; do
  first=""; last=""
  for id in "${RUNS[@]}"; do
    [[ "${K_KIND[$id]}" == "$kind" && "${K_PEAK[$id]}" != "-" ]] || continue
    [[ -n "$first" ]] || first=$id
    last=$id
  done
  if [[ -z "$first" ]]; then MEM+="- $kind: no RSS figures"$'\n'; continue; fi
  if [[ "$first" == "$last" ]]; then MEM+="- $kind: one round only (peak RSS ${K_PEAK[$first]} MiB): nothing to compare; raise SOAK_SECONDS"$'\n'; continue; fi
  v1="$(flat "${K_PEAK[$first]}" "${K_PEAK[$last]}")"
  v2="$(flat "${K_LIVE_MED[$first]}" "${K_LIVE_MED[$last]}")"
  [[ "$v1$v2" == *"NOT flat"* ]] && MEM_BAD=$((MEM_BAD + 1))
  MEM+="- $kind, round ${K_ROUND[$first]} vs round ${K_ROUND[$last]}: peak RSS ${K_PEAK[$first]} -> ${K_PEAK[$last]} MiB ($v1); heap after GC (median) ${K_LIVE_MED[$first]} -> ${K_LIVE_MED[$last]} MiB ($v2); max heap used ${K_HEAP[$first]} / ${K_HEAP[$last]} MiB"$'\n'
done
MEM+="- testbed RSS: $TB_RSS_START MiB at the start, $TB_RSS_END MiB at the end"$'\n'
VERDICT="conservation: $((${#RUNS[@]} - FAILS)) of ${#RUNS[@]} runs PASS$( ((FAILS == 0)) && echo ", zero lost" || echo " -- $FAILS FAILED")"

out ""
out "## Soak: $((round)) round(s) in ${SOAK_WALL} s (SOAK_SECONDS=$SOAK_SECONDS)"
out ""
printf '%s' "$TABLE"
out ""
out "Memory flat (last round vs first, per kind; flat = within ±$MEM_TOLERANCE_PCT% or $MEM_FLOOR_MIB MiB):"
printf '%s' "$MEM"
out ""
out "$VERDICT"

{
  echo "# Soak: latest run"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%SZ'); $(nproc) cores; load average at the end $(cut -d' ' -f1-3 /proc/loadavg) (other jobs on the machine skew the figures)"
  echo "- java: $("$JAVA" -version 2>&1 | sed -n 1p); bulkfetch: ${BULKFETCH_VERSION:-?}; JAVA_OPTS: \`$JAVA_OPTS\` (+ bin/bulkfetch's SerialGC and AppCDS)"
  echo "- SOAK_SECONDS=$SOAK_SECONDS (took ${SOAK_WALL} s, $round round(s)); N_HTTP=$N_HTTP lines ($HTTP_TARGETS targets); N_PTR=$N_PTR ($PTR_CIDR)"
  echo "- testbed faults: drop $DROP_SHARE, nxdomain $NXDOMAIN_SHARE, servfail $SERVFAIL_SHARE, truncate $TRUNCATE_SHARE${SEED:+, seed $SEED}"
  echo "- seconds and results/s: whole process (JVM start included); RSS from /proc/PID/status (peak = VmHWM, read every second); heap used from \`jstat -gc\` every $SAMPLE_SECONDS s; heap after GC (median/max over the full GCs = the live set; \* = no full GC, over the young GCs, an upper bound), GC counts and pause seconds from \`-Xlog:gc\`"
  echo
  printf '%s' "$TABLE"
  echo
  echo "Memory flat (last round vs first, per kind; flat = within ±$MEM_TOLERANCE_PCT% or $MEM_FLOOR_MIB MiB):"
  echo
  printf '%s' "$MEM"
  echo
  echo "**$VERDICT**"
  echo
  echo "## Outcomes (from --summary)"
  echo
  for id in "${RUNS[@]}"; do echo "- $id: ${K_KINDS[$id]:-?}"; done
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "timeout $LIFETIME java -XX:+UseSerialGC -jar bulkfetch.jar testbed --http-port TB_HTTP_PORT --dns-port TB_DNS_PORT ${TB_ARGS[*]} &"
  echo "JAVA_OPTS='$JAVA_OPTS' bin/bulkfetch ${HTTP_CMD[*]} -o OUT.ndjson --summary OUT.json http-targets.txt   # $N_HTTP lines"
  echo "JAVA_OPTS='$JAVA_OPTS' bin/bulkfetch ${PTR_CMD[*]} -o OUT.ndjson --summary OUT.json $PTR_CIDR"
  echo '```'
  echo
  echo "## Samples"
  echo
  echo '```'
  ((${#SAMPLES[@]} == 0)) || printf '%s\n' "${SAMPLES[@]}"
  echo '```'
} >"$RESULTS_FILE"
log "wrote $RESULTS_FILE"

((FAILS == 0)) || exit 1
[[ "$STRICT_MEMORY" != 1 || "$MEM_BAD" == 0 ]] || exit 3
exit 0
