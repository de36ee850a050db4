#!/usr/bin/env bash
# Side-by-side reverse-DNS benchmark: bulkfetch `rdns` vs dnsperf vs a serial dig loop,
# against NSD and against bulkfetch's embedded testbed, all on 127.0.0.1.
#
# Usage: load-tests/dns/bench.sh            (see load-tests/dns/README.md)
# Env:   ROUNDS=10 REPEAT=1 KEEP=0 FLAT_MEMORY=0 BULKFETCH_ARGS="" DNSPERF_QS="500 100"
#        DNSPERF_BUFS="default 4096" DNSPERF_ARGS="" DIG_SAMPLE=1000 SKIP_TESTBED=0 SKIP_DIG=0 NSD_PORT= TB_DNS_PORT= TB_HTTP_PORT=
#        WARMUP=1 EDNS_ROWS=1 JAR_ROWS=1
#        RUN_TIMEOUT=600 BULKFETCH_JAR=cli/target/bulkfetch.jar RESULTS_FILE=load-tests/dns/RESULTS-latest.md JAVA=java
#
# Safety: every query goes to 127.0.0.1 with an explicit port; servers are the ones this
# script starts; they are stopped by PID on exit; every external command runs under `timeout`.
set -euo pipefail
# shellcheck source=load-tests/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
JAR="${BULKFETCH_JAR:-$ROOT/cli/target/bulkfetch.jar}"   # override only to benchmark another build

ROUNDS="${ROUNDS:-10}"
REPEAT="${REPEAT:-1}"
KEEP="${KEEP:-0}"
FLAT_MEMORY="${FLAT_MEMORY:-0}"
BULKFETCH_ARGS="${BULKFETCH_ARGS:-}"
DNSPERF_QS="${DNSPERF_QS:-500 100}"
DNSPERF_ARGS="${DNSPERF_ARGS:-}"
# dnsperf's default socket buffer (kernel default, 208 KiB) drops replies at -q 500 on loopback;
# "4096" adds a second row per -q value with `-b 4096` (4 MiB). "default" = no -b (the brief's command).
DNSPERF_BUFS="${DNSPERF_BUFS:-default 4096}"
DIG_SAMPLE="${DIG_SAMPLE:-1000}"
SKIP_TESTBED="${SKIP_TESTBED:-0}"
SKIP_DIG="${SKIP_DIG:-0}"
WARMUP="${WARMUP:-1}"           # one unmeasured sweep per client before a server's measured rounds
EDNS_ROWS="${EDNS_ROWS:-1}"     # also compare with EDNS on both sides (dnsperf -e, bulkfetch's default)
# The README's other plain command: `java -jar cli/target/bulkfetch.jar rdns ...`, no launcher flags (the JVM's
# own GC and heap choice); its speed and peak RSS are held to the same targets as bin/bulkfetch's
JAR_ROWS="${JAR_ROWS:-1}"
RSS_TARGET_MIB=100     # issue 21: whole-process peak RSS of a 655,360-PTR sweep
SPEED_TARGET=1.1       # issue 21: bulkfetch / best lossless dnsperf row, same plain queries
RUN_TIMEOUT="${RUN_TIMEOUT:-600}"
SERVER_LIFETIME="${SERVER_LIFETIME:-7200}"   # hard upper bound on the servers we start
RESULTS_FILE="${RESULTS_FILE:-$SCRIPT_DIR/RESULTS-latest.md}"
JAVA="${JAVA:-java}"
LOOP=127.0.0.1
ZONE=18.198.in-addr.arpa
CIDR=198.18.0.0/16

for v in ROUNDS REPEAT DIG_SAMPLE RUN_TIMEOUT; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "error: $v must be a positive integer (got '${!v}')" >&2; exit 2; }
done
QUERIES=$((ROUNDS * 65536))
JAR_SHOWN="${JAR#"$ROOT"/}"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- cleanup
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulkfetch-dnsbench.XXXXXX")"
on_exit_stop_started   # NSD, the testbed and the FLAT_MEMORY run are stopped by PID however the script ends

# ---------------------------------------------------------------- 1. tools
need_pkgs=()
command -v nsd >/dev/null 2>&1 || [[ -x /usr/sbin/nsd ]] || need_pkgs+=(nsd)
command -v dnsperf >/dev/null 2>&1 || need_pkgs+=(dnsperf)
command -v dig >/dev/null 2>&1 || need_pkgs+=(bind9-dnsutils)
[[ -x /usr/bin/time ]] || need_pkgs+=(time)
install_pkgs "${need_pkgs[@]}"
NSD_BIN="$(command -v nsd || echo /usr/sbin/nsd)"
NSD_CHECKCONF="$(command -v nsd-checkconf || echo /usr/sbin/nsd-checkconf)"
# A freshly installed nsd package may try to start the system service; we never touch it:
# our instance uses its own port, config and files.

# ---------------------------------------------------------------- 2. bulkfetch jar
HAVE_JAR=1
if [[ ! -f "$JAR" && -z "${BULKFETCH_JAR:-}" ]]; then
  log "building bulkfetch (mvn -B -q -DskipTests package)"
  if ! (cd "$ROOT" && timeout 1800 mvn -B -q -DskipTests package) >"$WORK/mvn.log" 2>&1 || [[ ! -f "$JAR" ]]; then
    tail -30 "$WORK/mvn.log" >&2 || true
    warn "build failed or produced no $JAR: bulkfetch measurements will be skipped"
    HAVE_JAR=0
  fi
fi
has_subcommand() {  # has_subcommand NAME -> 0 if `java -jar JAR NAME --help` succeeds
  [[ "$HAVE_JAR" == 1 ]] || return 1
  timeout 60 "$JAVA" -jar "$JAR" "$1" --help >"$WORK/help-$1.txt" 2>&1
}
HAVE_RDNS=0; HAVE_TESTBED=0
if has_subcommand rdns; then HAVE_RDNS=1; else
  warn "'java -jar cli/target/bulkfetch.jar rdns --help' failed: bulkfetch rows are skipped ($(head -c 300 "$WORK/help-rdns.txt" 2>/dev/null | tr '\n' ' '))"
fi
if [[ "$SKIP_TESTBED" != 1 ]]; then
  if has_subcommand testbed; then HAVE_TESTBED=1; else
    warn "'java -jar cli/target/bulkfetch.jar testbed --help' failed: the embedded-testbed server is skipped"
  fi
fi

# ---------------------------------------------------------------- helpers
DIG=(dig +norec +time=1 +tries=1)

wait_for_dns() {  # wait_for_dns PORT SECONDS [PID] -> 0 when 198.18.0.1's PTR is served
  local port=$1 limit=$2 pid=${3:-} t0 ans
  t0=$(date +%s)
  while (( $(date +%s) - t0 < limit )); do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    ans="$(timeout 5 "${DIG[@]}" @"$LOOP" -p "$port" -x 198.18.0.1 +short 2>/dev/null || true)"
    [[ "$ans" == "${PTR[198.18.0.1]}" ]] && return 0
    sleep 0.3
  done
  return 1
}

# Results: one row per measurement, values are medians over REPEAT runs.
ROWS=()
declare -A R_SERVER R_CLIENT R_Q R_WALL R_QPS R_LOST R_RSS R_NOTE
CMDS=()
add_row() {  # add_row ID SERVER CLIENT QUERIES WALL QPS LOST RSS NOTE
  ROWS+=("$1"); R_SERVER[$1]=$2; R_CLIENT[$1]=$3; R_Q[$1]=$4; R_WALL[$1]=$5; R_QPS[$1]=$6
  R_LOST[$1]=$7; R_RSS[$1]=$8; R_NOTE[$1]="${9//|//}"
}
# measure ID SERVER CLIENT QUERIES FN ARGS... : FN sets M_WALL M_QPS M_LOST M_RSS M_NOTE, returns non-zero on failure
# Runs are accumulated per row so that the clients can take turns (dnsperf, bulkfetch, dnsperf, ...):
# on a shared host the speed drifts, and running all repeats of one client first would skew the ratio.
declare -A ACC_WALLS ACC_QPSS ACC_LOSTS ACC_RSSS ACC_NOTES ACC_FAILED ACC_META ACC_RUNS
measure_run() {  # measure_run ID SERVER CLIENT QUERIES FN ARGS... -> one run, kept for measure_row
  local id=$1 server=$2 client=$3 q=$4 fn=$5; shift 5
  ACC_META[$id]="$server|$client|$q"
  [[ -n "${ACC_FAILED[$id]:-}" ]] && return 0
  local r=$(( ${ACC_RUNS[$id]:-0} + 1 )); ACC_RUNS[$id]=$r
  M_WALL=-; M_QPS=-; M_LOST=-; M_RSS=-; M_NOTE=""
  log "run $r/$REPEAT: $server / $client"
  if ! "$fn" "$@"; then
    ACC_FAILED[$id]="failed: ${M_NOTE:-see logs}"
    return 0
  fi
  ACC_WALLS[$id]+="$M_WALL "; ACC_QPSS[$id]+="$M_QPS "; ACC_LOSTS[$id]+="$M_LOST "; ACC_RSSS[$id]+="$M_RSS "
  [[ -n "$M_NOTE" ]] && ACC_NOTES[$id]+="run $r: $M_NOTE; "
  log "  -> wall ${M_WALL}s, ${M_QPS} q/s, lost ${M_LOST}, peak RSS ${M_RSS} MiB ${M_NOTE:+($M_NOTE)}"
}
measure_row() {  # measure_row ID -> the row of medians over the runs kept for ID
  local id=$1 server client q
  IFS='|' read -r server client q <<<"${ACC_META[$id]}"
  if [[ -n "${ACC_FAILED[$id]:-}" ]]; then
    add_row "$id" "$server" "$client" "$q" - - - - "${ACC_FAILED[$id]}"
    return 0
  fi
  local notes="${ACC_NOTES[$id]:-}"
  add_row "$id" "$server" "$client" "$q" "$(median <<<"${ACC_WALLS[$id]}")" "$(median <<<"${ACC_QPSS[$id]}")" \
    "$(median <<<"${ACC_LOSTS[$id]}")" "$(median <<<"${ACC_RSSS[$id]}")" "${notes%; }"
}
measure() {  # measure ID SERVER CLIENT QUERIES FN ARGS... -> REPEAT runs in a row, then the row
  local r
  for r in $(seq 1 "$REPEAT"); do measure_run "$@"; done
  measure_row "$1"
}

# ---------------------------------------------------------------- 3. zone + NSD
NSD_PORT="${NSD_PORT:-}"; pick_port NSD_PORT 15353
mkdir -p "$WORK/nsd/xfr"
# The zone (65,536 PTR records) is the embedded testbed's reverse naming, written by the jar: NSD and the
# testbed answer alike, and the checks below take their expected answers from this file.
[[ "$HAVE_JAR" == 1 ]] || die "no usable $JAR: it writes the zone NSD serves (bulkfetch testbed --write-content)"
log "work dir $WORK; writing zone $ZONE with bulkfetch testbed --write-content"
testbed_content "$WORK/content"
ZONE_FILE="$WORK/nsd/$ZONE.zone"
cp "$WORK/content/zones/$ZONE.zone" "$ZONE_FILE"
# PTR[ADDRESS] = the zone's target, for the dig checks
declare -A PTR
while read -r owner _ _ target; do
  IFS=. read -r d c <<<"$owner"
  PTR[198.18.$c.$d]=$target
done < <(awk '$3 == "PTR"' "$ZONE_FILE")
((${#PTR[@]} == 65536)) || die "the zone has ${#PTR[@]} PTR records, not 65536"

# Socket-buffer option: NSD 4.x calls it receive-buffer-size/send-buffer-size (bytes);
# `so-rcvbuf`/`so-sndbuf` are Unbound's names. Use whichever the installed nsd accepts.
BUF_OPTS=""
for cand in "receive-buffer-size: 4194304|send-buffer-size: 4194304" "so-rcvbuf: 4m|so-sndbuf: 4m"; do
  printf 'server:\n\t%s\n\t%s\n' "${cand%%|*}" "${cand##*|}" >"$WORK/nsd/probe.conf"
  if timeout 10 "$NSD_CHECKCONF" "$WORK/nsd/probe.conf" >/dev/null 2>&1; then
    BUF_OPTS="$(printf '\t%s\n\t%s' "${cand%%|*}" "${cand##*|}")"; break
  fi
done
[[ -n "$BUF_OPTS" ]] || warn "installed nsd accepts no socket-buffer option: using kernel defaults"

cat >"$WORK/nsd/nsd.conf" <<EOF
server:
	ip-address: $LOOP@$NSD_PORT
	port: $NSD_PORT
	do-ip4: yes
	do-ip6: no
	server-count: 1
	username: ""
	chroot: ""
	zonesdir: "$WORK/nsd"
	database: ""
	zonelistfile: "$WORK/nsd/zone.list"
	xfrdfile: "$WORK/nsd/xfrd.state"
	xfrdir: "$WORK/nsd/xfr"
	pidfile: "$WORK/nsd/nsd.pid"
	logfile: "$WORK/nsd/nsd.log"
	verbosity: 0
	identity: ""
	hide-version: yes
	tcp-count: 16
$BUF_OPTS
remote-control:
	control-enable: no
zone:
	name: "$ZONE"
	zonefile: "$WORK/nsd/$ZONE.zone"
EOF
timeout 30 "$NSD_CHECKCONF" "$WORK/nsd/nsd.conf" || die "nsd-checkconf rejected the generated config"

log "starting NSD on $LOOP:$NSD_PORT"
timeout "$SERVER_LIFETIME" "$NSD_BIN" -d -c "$WORK/nsd/nsd.conf" >"$WORK/nsd/stdout.log" 2>&1 &
NSD_PID=$!
STARTED_PIDS+=("$NSD_PID")
if ! wait_for_dns "$NSD_PORT" 60 "$NSD_PID"; then
  cat "$WORK/nsd/stdout.log" "$WORK/nsd/nsd.log" >&2 2>/dev/null || true
  echo "error: NSD did not answer the PTR of 198.18.0.1 on $LOOP:$NSD_PORT within 60 s" >&2; exit 1
fi
for a in 198.18.255.254 198.18.7.200; do
  got="$(timeout 5 "${DIG[@]}" @"$LOOP" -p "$NSD_PORT" -x "$a" +short || true)"
  [[ "$got" == "${PTR[$a]}" ]] || die "NSD answers '$got' for $a, the zone says ${PTR[$a]}"
done
log "NSD answers (PTR 198.18.0.1 -> ${PTR[198.18.0.1]})"

# ---------------------------------------------------------------- 4. query set
QFILE="$WORK/queries.txt"
awk -v rounds="$ROUNDS" 'BEGIN { for (r = 0; r < rounds; r++) for (c = 0; c < 256; c++) for (d = 0; d < 256; d++)
  printf "%d.%d.18.198.in-addr.arpa PTR\n", d, c }' >"$QFILE"
SAMPLE_FILE="$WORK/dig-sample.txt"   # DIG_SAMPLE addresses spread evenly over the /16
awk -v n="$DIG_SAMPLE" 'BEGIN { for (i = 0; i < n; i++) { x = int(i * 65536 / n); printf "198.18.%d.%d\n", int(x/256), x%256 } }' >"$SAMPLE_FILE"
CIDRS=(); for _ in $(seq 1 "$ROUNDS"); do CIDRS+=("$CIDR"); done
read -r -a EXTRA_BF <<<"$BULKFETCH_ARGS"
log "query set: $QUERIES queries ($ROUNDS x 65,536)"

# ---------------------------------------------------------------- measurement functions
run_dnsperf() {  # run_dnsperf PORT Q TAG BUF [edns]
  local port=$1 q=$2 tag=$3 buf=$4 out="$WORK/dnsperf-$3-q$2-b$4-${5:-plain}-$(now_ns).log" tf rc=0 bopt=()
  tf="$out.time"
  [[ "$buf" == default ]] || bopt=(-b "$buf")
  [[ "${5:-}" == edns ]] && bopt+=(-e)
  /usr/bin/time -v -o "$tf" timeout "$RUN_TIMEOUT" dnsperf -s "$LOOP" -p "$port" -d "$QFILE" -c 1 -q "$q" -n 1 -t 2 "${bopt[@]}" $DNSPERF_ARGS >"$out" 2>&1 || rc=$?
  if ((rc != 0)); then M_NOTE="dnsperf exit $rc: $(tail -3 "$out" | tr '\n' ' ')"; return 1; fi
  M_QPS="$(awk -F': *' '/Queries per second/{printf "%.0f", $2}' "$out")"
  M_WALL="$(awk -F': *' '/Run time \(s\)/{printf "%.3f", $2}' "$out")"
  M_LOST="$(awk -F': *' '/Queries lost/{split($2, a, " "); print a[1]}' "$out")"
  M_RSS="$(max_rss_mib "$tf")"
  local rc_line; rc_line="$(grep -m1 'Response codes' "$out" | sed 's/^ *//')"
  # flag any response code other than NOERROR
  [[ -z "$(sed -e 's/^Response codes: *//' -e 's/NOERROR [0-9]* ([0-9.]*%),* *//' <<<"$rc_line")" ]] || M_NOTE="$rc_line"
  [[ -n "$M_QPS" ]] || { M_NOTE="could not parse dnsperf output $out"; return 1; }
}

run_bulkfetch() {  # run_bulkfetch PORT TAG [OPTION...]; BF_LAUNCH=jar runs `java -jar JAR` instead of bin/bulkfetch
  local port=$1 tag=$2 out="$WORK/bulkfetch-$2.out" err="$WORK/bulkfetch-$2.err" tf="$WORK/bulkfetch-$2.time" t0 rc=0
  local launch=("$ROOT/bin/bulkfetch")
  [[ "${BF_LAUNCH:-bin}" == jar ]] && launch=("$JAVA" -jar "$JAR")
  shift 2
  rm -f "$out"
  t0=$(now_ns)
  /usr/bin/time -v -o "$tf" timeout "$RUN_TIMEOUT" env BULKFETCH_JAR="$JAR" "${launch[@]}" rdns \
    --resolver "$LOOP:$port" --format simple -o "$out" "$@" "${EXTRA_BF[@]}" "${CIDRS[@]}" >"$err" 2>&1 || rc=$?
  [[ -s "$err" ]] && log "  bulkfetch stderr (last lines): $(tail -3 "$err" | tr '\n' ' ')"
  M_WALL="$(secs_since "$t0")"
  M_RSS="$(max_rss_mib "$tf")"
  if [[ ! -f "$out" ]]; then M_NOTE="exit $rc, no output file: $(tail -3 "$err" | tr '\n' ' ')"; return 1; fi
  # Count PTR answers and check every one against the zone file (a superset of the 1,000-line sample
  # check): "D.C.B.A.in-addr.arpa. PTR TARGET", TARGET as the zone's line "D.C IN PTR TARGET" has it
  local stats answered bad distinct
  stats="$(awk -v zone="$ZONE." 'FNR == NR { if ($3 == "PTR") want[$1 "." zone] = $4; next }
    $2 == "PTR" { n++; name = tolower($1); if ($3 != want[name]) bad++
      if (!(name in seen)) { seen[name] = 1; distinct++ } }
    END { printf "%d %d %d\n", n, bad + 0, distinct + 0 }' "$ZONE_FILE" "$out")"
  read -r answered bad distinct <<<"$stats"
  # the explicit 1,000-line random sample check asked for by the brief
  local sample_bad
  sample_bad="$(awk '$2 == "PTR"' "$out" | shuf -n 1000 --random-source=<(yes) | awk -v zone="$ZONE." '
    FNR == NR { if ($3 == "PTR") want[$1 "." zone] = $4; next }
    { if ($3 != want[tolower($1)]) b++ } END { print b + 0 }' "$ZONE_FILE" -)"
  M_LOST=$((QUERIES - answered))
  M_QPS="$(awk -v q="$QUERIES" -v w="$M_WALL" 'BEGIN{printf "%.0f", q / w}')"
  M_NOTE=""
  ((rc == 0)) || M_NOTE="exit $rc"
  ((bad == 0 && sample_bad == 0)) || M_NOTE+="${M_NOTE:+, }WRONG PTR targets: $bad of $answered (sample: $sample_bad/1000)"
  ((distinct == 65536)) || M_NOTE+="${M_NOTE:+, }$distinct distinct names answered (want 65536)"
  [[ "$M_LOST" -ge 0 ]] || M_NOTE+="${M_NOTE:+, }more PTR lines than queries"
  CHECK_SUMMARY["$tag"]="$answered PTR lines, $bad wrong (sample of 1000: $sample_bad wrong), $distinct distinct names"
}
declare -A CHECK_SUMMARY

run_dig_loop() {  # run_dig_loop PORT
  local port=$1 t0 a n=0 bad=0 got
  t0=$(now_ns)
  while read -r a; do
    got="$(timeout 5 "${DIG[@]}" -x "$a" @"$LOOP" -p "$port" +short 2>/dev/null || true)"
    [[ "$got" == "${PTR[$a]}" ]] || bad=$((bad + 1))
    n=$((n + 1))
  done <"$SAMPLE_FILE"
  M_WALL="$(secs_since "$t0")"
  M_QPS="$(awk -v q="$n" -v w="$M_WALL" 'BEGIN{printf "%.1f", q / w}')"
  M_LOST=$bad; M_RSS=-
}

# ---------------------------------------------------------------- 5. against NSD
dnsperf_label() { if [[ "$2" == default ]]; then echo "dnsperf -c 1 -q $1"; else echo "dnsperf -c 1 -q $1 -b $2"; fi; }
if [[ "$HAVE_RDNS" == 1 ]]; then
  # bin/bulkfetch keeps an AppCDS archive next to the jar; a short training run makes it, as a
  # user's first run would, so every measured run starts from the same state
  rm -f "${JAR%.jar}.jsa"
  BULKFETCH_JAR="$JAR" "$ROOT/bin/bulkfetch" rdns --resolver "$LOOP:$NSD_PORT" -q -o /dev/null 198.18.0.0/22 >/dev/null 2>&1 || true
fi
compare_on() {  # compare_on PREFIX SERVER PORT TAG -> dnsperf variants and bulkfetch, taking turns
  local prefix=$1 server=$2 port=$3 tag=$4 r b q
  if [[ "$WARMUP" == 1 ]]; then
    # One unmeasured sweep of each client first. The testbed is a JVM: its JIT keeps adapting to
    # the traffic it sees, and the clients' traffic differs (dnsperf: one socket; bulkfetch: several
    # sockets, larger batches). Measured without this, the first bulkfetch sweep after the dnsperf
    # rows cost the testbed ~10% more CPU than the later ones.
    log "warm-up ($server): one unmeasured sweep per client"
    run_dnsperf "$port" 500 "$tag-warmup" 4096 || warn "warm-up dnsperf: $M_NOTE"
    if [[ "$HAVE_RDNS" == 1 ]]; then
      run_bulkfetch "$port" "$tag-warmup" --edns 0 || warn "warm-up bulkfetch: $M_NOTE"
      unset "CHECK_SUMMARY[$tag-warmup]"
    fi
    M_NOTE=""
  fi
  for r in $(seq 1 "$REPEAT"); do
    for b in $DNSPERF_BUFS; do for q in $DNSPERF_QS; do
      measure_run "$prefix-dnsperf-$q-$b" "$server" "$(dnsperf_label "$q" "$b")" "$QUERIES" run_dnsperf "$port" "$q" "$tag" "$b"
    done; done
    if [[ "$HAVE_RDNS" == 1 ]]; then
      # the queries dnsperf sends: plain DNS, no OPT record
      measure_run "$prefix-bulkfetch" "$server" "bulkfetch rdns --edns 0" "$QUERIES" run_bulkfetch "$port" "$tag" --edns 0
      if [[ "$JAR_ROWS" == 1 ]]; then
        BF_LAUNCH=jar measure_run "$prefix-bulkfetch-jar" "$server" "java -jar bulkfetch.jar rdns --edns 0" "$QUERIES" \
          run_bulkfetch "$port" "$tag-jar" --edns 0
      fi
    fi
    if [[ "$EDNS_ROWS" == 1 ]]; then
      # both with EDNS: bulkfetch's default query (OPT, 1232 bytes) against dnsperf -e
      measure_run "$prefix-dnsperf-edns" "$server" "dnsperf -e -c 1 -q 500 -b 4096" "$QUERIES" run_dnsperf "$port" 500 "$tag" 4096 edns
      [[ "$HAVE_RDNS" == 1 ]] && measure_run "$prefix-bulkfetch-edns" "$server" "bulkfetch rdns (EDNS, its default)" "$QUERIES" \
        run_bulkfetch "$port" "$tag-edns"
    fi
  done
  for b in $DNSPERF_BUFS; do for q in $DNSPERF_QS; do measure_row "$prefix-dnsperf-$q-$b"; done; done
  if [[ "$HAVE_RDNS" == 1 ]]; then
    measure_row "$prefix-bulkfetch"
    [[ "$JAR_ROWS" == 1 ]] && measure_row "$prefix-bulkfetch-jar"
  else
    add_row "$prefix-bulkfetch" "$server" "bulkfetch rdns --edns 0" "$QUERIES" - - - - "skipped: jar lacks the rdns subcommand"
  fi
  if [[ "$EDNS_ROWS" == 1 ]]; then
    measure_row "$prefix-dnsperf-edns"
    [[ "$HAVE_RDNS" == 1 ]] && measure_row "$prefix-bulkfetch-edns"
  fi
  return 0
}
compare_on nsd NSD "$NSD_PORT" nsd
CMDS+=("dnsperf -s $LOOP -p PORT -d QUERYFILE -c 1 -q {$(echo $DNSPERF_QS | tr ' ' ,)} -n 1 -t 2 [-b {$(echo $DNSPERF_BUFS | tr ' ' ,)}] $DNSPERF_ARGS   # -b default = no -b")
CMDS+=("/usr/bin/time -v bin/bulkfetch rdns --resolver $LOOP:PORT --format simple -o OUT --edns 0 ${BULKFETCH_ARGS:+$BULKFETCH_ARGS }$CIDR  # CIDR repeated $ROUNDS times; --edns 0: the plain queries dnsperf sends")
[[ "$JAR_ROWS" == 1 ]] && CMDS+=("/usr/bin/time -v $JAVA -jar $JAR_SHOWN rdns --resolver $LOOP:PORT --format simple -o OUT --edns 0 ${BULKFETCH_ARGS:+$BULKFETCH_ARGS }$CIDR  # the same, without the launcher's JVM flags")
[[ "$EDNS_ROWS" == 1 ]] && CMDS+=("dnsperf -s $LOOP -p PORT -d QUERYFILE -c 1 -q 500 -n 1 -t 2 -b 4096 -e   # and bulkfetch as above without --edns 0: both with EDNS")
if [[ "$SKIP_DIG" != 1 ]]; then
  measure nsd-dig NSD "dig, serial loop" "$DIG_SAMPLE" run_dig_loop "$NSD_PORT"
  CMDS+=("for a in SAMPLE($DIG_SAMPLE); do dig -x \$a @$LOOP -p NSD_PORT +norec +short +time=1 +tries=1; done")
fi

# ---------------------------------------------------------------- 6. against the embedded testbed
TESTBED_PID=""
if [[ "$HAVE_TESTBED" == 1 ]]; then
  TB_DNS_PORT="${TB_DNS_PORT:-}"; pick_port TB_DNS_PORT 15354
  TB_HTTP_PORT="${TB_HTTP_PORT:-}"; pick_port TB_HTTP_PORT 18080
  CMDS+=("$JAVA -XX:+UseSerialGC -jar $JAR_SHOWN testbed --http-port TB_HTTP_PORT --dns-port TB_DNS_PORT &")
  # started, then asked for 198.18.0.1's PTR as the zone has it
  if TESTBED_LIFETIME=$SERVER_LIFETIME start_testbed "$WORK/testbed.log" && wait_for_dns "$TB_DNS_PORT" 10 "$TESTBED_PID"; then
    log "testbed answers: $(head -5 "$WORK/testbed.log" | tr '\n' ' ')"
    compare_on tb testbed "$TB_DNS_PORT" tb
    if [[ "$SKIP_DIG" != 1 ]]; then
      measure tb-dig testbed "dig, serial loop" "$DIG_SAMPLE" run_dig_loop "$TB_DNS_PORT"
    fi
  else
    warn "testbed did not answer the PTR of 198.18.0.1 on $LOOP:$TB_DNS_PORT within 90 s: $(tail -5 "$WORK/testbed.log" | tr '\n' ' ')"
    add_row tb-none testbed - - - - - - "testbed did not answer"
  fi
else
  add_row tb-none testbed - - - - - - "skipped: $([[ "$SKIP_TESTBED" == 1 ]] && echo SKIP_TESTBED=1 || echo 'jar lacks the testbed subcommand')"
fi

# ---------------------------------------------------------------- 7. FLAT_MEMORY
FLAT_REPORT=""
if [[ "$FLAT_MEMORY" == 1 ]]; then
  if [[ "$HAVE_RDNS" == 1 && -n "$TESTBED_PID" ]] && kill -0 "$TESTBED_PID" 2>/dev/null; then
    log "FLAT_MEMORY: 16,777,216 lookups of 127.0.0.0/8 against the testbed, RSS sampled every 5 s"
    t0=$(now_ns)
    timeout 600 "$JAVA" -XX:+UseSerialGC -jar "$JAR" rdns --resolver "$LOOP:$TB_DNS_PORT" -o /dev/null \
      "${EXTRA_BF[@]}" 127.0.0.0/8 >"$WORK/flat.log" 2>&1 &
    FLAT_TPID=$!
    STARTED_PIDS+=("$FLAT_TPID")
    FLAT_JPID=""
    for _ in $(seq 1 50); do
      FLAT_JPID="$(cat "/proc/$FLAT_TPID/task/$FLAT_TPID/children" 2>/dev/null | awk '{print $1}')" || true
      [[ -n "$FLAT_JPID" ]] && break; sleep 0.1
    done
    FLAT_REPORT="| t s | VmRSS MiB |"$'\n'"| --- | --- |"$'\n'
    while kill -0 "$FLAT_TPID" 2>/dev/null; do
      sleep 5
      rss="$(awk '/^VmRSS/{printf "%.0f", $2/1024}' "/proc/${FLAT_JPID:-0}/status" 2>/dev/null || true)"
      [[ -n "$rss" ]] || continue
      line="| $(secs_since "$t0") | $rss |"
      echo "$line" >&2
      FLAT_REPORT+="$line"$'\n'
    done
    flat_rc=0; wait "$FLAT_TPID" || flat_rc=$?
    flat_wall="$(secs_since "$t0")"
    FLAT_REPORT+=$'\n'"exit code $flat_rc, wall ${flat_wall} s, $(awk -v w="$flat_wall" 'BEGIN{printf "%.0f", 16777216 / w}') lookups/s; last log lines: $(tail -3 "$WORK/flat.log" | tr '\n' ' ')"
    CMDS+=("timeout 600 $JAVA -XX:+UseSerialGC -jar $JAR_SHOWN rdns --resolver $LOOP:TB_DNS_PORT -o /dev/null ${BULKFETCH_ARGS:+$BULKFETCH_ARGS }127.0.0.0/8  # VmRSS every 5 s")
  else
    FLAT_REPORT="skipped: needs the rdns and testbed subcommands"
  fi
fi

# ---------------------------------------------------------------- 8. report
TABLE="| server | client | queries | wall s | queries/s | lost | peak RSS MiB | note |"$'\n'
TABLE+="| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"$'\n'
for id in "${ROWS[@]}"; do
  qps_dec=0; [[ "$id" == *dig* ]] && qps_dec=1
  TABLE+="| ${R_SERVER[$id]} | ${R_CLIENT[$id]} | ${R_Q[$id]} | $(fmt "${R_WALL[$id]}" 2) | $(fmt "${R_QPS[$id]}" $qps_dec) | ${R_LOST[$id]} | $(fmt "${R_RSS[$id]}" 0) | ${R_NOTE[$id]} |"$'\n'
done

best_dnsperf() {  # best_dnsperf PREFIX -> sets BEST_QPS/BEST_LABEL: highest dnsperf qps among the -q/-b variants
  # Rows that lost answers are left out when a lossless row exists: bulkfetch must lose none, so a
  # run that bought its rate with drops is not the ceiling to compare with.
  local best=- id q b label="" pass
  for pass in lossless any; do
    for b in $DNSPERF_BUFS; do for q in $DNSPERF_QS; do
      id="$1-dnsperf-$q-$b"
      [[ -n "${R_QPS[$id]+x}" && "${R_QPS[$id]}" != "-" ]] || continue
      [[ "$pass" == any || "${R_LOST[$id]}" == 0 ]] || continue
      if [[ "$best" == "-" ]] || awk -v a="${R_QPS[$id]}" -v b="$best" 'BEGIN{exit !(a > b)}'; then best="${R_QPS[$id]}"; label="${R_CLIENT[$id]}"; fi
    done; done
    [[ "$best" != "-" ]] && break
  done
  BEST_QPS=$best; BEST_LABEL=$label
}
ratio_line() {  # ratio_line LABEL NUM DEN TARGET
  if [[ "$2" == "-" || "$3" == "-" || -z "$2" || -z "$3" ]]; then
    echo "- $1: n/a (target $4)"
  else
    awk -v l="$1" -v a="$2" -v b="$3" -v t="$4" 'BEGIN{ r = a / b; tv = t; sub(/^>= */, "", tv); sub(/x$/, "", tv)
      printf "- %s: %.2fx (target %s: %s)\n", l, r, t, (r >= tv + 0 ? "met" : "NOT met") }'
  fi
}
RATIOS=""
for srv in nsd tb; do
  name=NSD; [[ "$srv" == tb ]] && name=testbed
  bf="${R_QPS[$srv-bulkfetch]:--}"
  best_dnsperf "$srv"
  RATIOS+="$(ratio_line "bulkfetch / dnsperf, $name, same plain queries (best lossless dnsperf row: ${BEST_LABEL:-none})" "$bf" "$BEST_QPS" ">= ${SPEED_TARGET}x")"$'\n'
  if [[ "$JAR_ROWS" == 1 ]]; then
    RATIOS+="$(ratio_line "java -jar bulkfetch.jar / dnsperf, $name, same plain queries" "${R_QPS[$srv-bulkfetch-jar]:--}" "$BEST_QPS" ">= ${SPEED_TARGET}x")"$'\n'
  fi
  for row in bulkfetch bulkfetch-jar; do
    [[ -n "${R_RSS[$srv-$row]+x}" ]] || continue
    rss="${R_RSS[$srv-$row]}"
    if [[ "$rss" == "-" ]]; then RATIOS+="- peak RSS, ${R_CLIENT[$srv-$row]}, $name: n/a (target <= $RSS_TARGET_MIB MiB)"$'\n'
    else RATIOS+="- peak RSS, ${R_CLIENT[$srv-$row]}, $name: $(fmt "$rss" 0) MiB (target <= $RSS_TARGET_MIB MiB: $(awk -v r="$rss" -v t="$RSS_TARGET_MIB" 'BEGIN{print (r <= t ? "met" : "NOT met")}'))"$'\n'; fi
  done
  if [[ "$EDNS_ROWS" == 1 ]]; then
    RATIOS+="$(ratio_line "bulkfetch / dnsperf, $name, both with EDNS (for information)" "${R_QPS[$srv-bulkfetch-edns]:--}" "${R_QPS[$srv-dnsperf-edns]:--}" ">= 0.9x")"$'\n'
  fi
done
RATIOS+="$(ratio_line "bulkfetch / serial dig, NSD" "${R_QPS[nsd-bulkfetch]:--}" "${R_QPS[nsd-dig]:--}" ">= 300x")"$'\n'
for srv in nsd tb; do
  name=NSD; [[ "$srv" == tb ]] && name=testbed
  for row in bulkfetch bulkfetch-edns; do
    [[ "$row" == bulkfetch-edns && "$EDNS_ROWS" != 1 ]] && continue
    l="${R_LOST[$srv-$row]:--}"
    what="$name"; [[ "$row" == bulkfetch-edns ]] && what="$name, with EDNS"
    if [[ "$l" == "-" ]]; then RATIOS+="- bulkfetch answers lost, $what: n/a (target 0)"$'\n'
    else RATIOS+="- bulkfetch answers lost, $what: $l (target 0: $([[ "$l" == 0 ]] && echo met || echo 'NOT met'))"$'\n'; fi
  done
done
CHECKS=""
for k in "${!CHECK_SUMMARY[@]}"; do CHECKS+="- correctness ($k): ${CHECK_SUMMARY[$k]}"$'\n'; done

echo
echo "## Reverse-DNS benchmark ($QUERIES queries = 65,536 x $ROUNDS rounds; medians of $REPEAT run(s))"
echo
printf '%s' "$TABLE"
echo
printf '%s' "$RATIOS"
[[ -n "$CHECKS" ]] && printf '%s' "$CHECKS"
if [[ -n "$FLAT_REPORT" ]]; then echo; echo "### FLAT_MEMORY (127.0.0.0/8 against the testbed)"; echo; printf '%s\n' "$FLAT_REPORT"; fi

JAVA_VERSION="$("$JAVA" -version 2>&1 | sed -n 1p)"
NSD_VERSION="$("$NSD_BIN" -v 2>&1 | sed -n 1p)"
DNSPERF_VERSION="$(dnsperf -h 2>&1 | grep '^Version' | sed -n 1p || true)"
{
  echo "# Reverse-DNS benchmark: latest run"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%SZ')"
  echo "- nproc: $(nproc); load average before / after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg) (other jobs on the machine skew the figures)"
  echo "- java: $JAVA_VERSION"
  echo "- servers: $NSD_VERSION (server-count 1, $( [[ -n "$BUF_OPTS" ]] && echo "4 MiB socket buffers" || echo "default socket buffers")); bulkfetch embedded testbed"
  echo "- dnsperf: ${DNSPERF_VERSION:-?}; $(dig -v 2>&1 | sed -n 1p)"
  echo "- query set: every address of $CIDR, $ROUNDS round(s) = $QUERIES PTR queries; REPEAT=$REPEAT (median)"
  echo "- bulkfetch: whole process wall time (JVM start included); dnsperf: its own 'Run time' and 'Queries per second'; dig: 1 process per query"
  [[ "$WARMUP" == 1 ]] && echo "- before each server's measured rounds: one unmeasured sweep per client (WARMUP=1)"
  [[ -n "$BULKFETCH_ARGS" ]] && echo "- BULKFETCH_ARGS: \`$BULKFETCH_ARGS\`"
  echo
  printf '%s' "$TABLE"
  echo
  printf '%s' "$RATIOS"
  [[ -n "$CHECKS" ]] && printf '%s' "$CHECKS"
  if [[ -n "$FLAT_REPORT" ]]; then echo; echo "## FLAT_MEMORY (127.0.0.0/8 against the testbed)"; echo; printf '%s\n' "$FLAT_REPORT"; fi
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "timeout $SERVER_LIFETIME nsd -d -c WORK/nsd/nsd.conf   # 127.0.0.1@NSD_PORT, generated by load-tests/dns/bench.sh"
  printf '%s\n' "${CMDS[@]}"
  echo '```'
  echo
  echo "NSD config (WORK = the temporary work dir):"
  echo
  echo '```'
  sed "s#$WORK#WORK#g" "$WORK/nsd/nsd.conf"
  echo '```'
} >"$RESULTS_FILE"
log "wrote $RESULTS_FILE"
