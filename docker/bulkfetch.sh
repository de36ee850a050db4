#!/bin/sh
# The image's `bulkfetch` command. SerialGC as in bin/bulkfetch: one event loop does the work, and
# it needs half the memory of G1 at the same speed; a crawl paced by --host-delay runs on C1 alone
# (why: bin/bulkfetch). BULKFETCH_JIT=full|quick overrides that; JAVA_OPTS adds JVM options.
jit=${BULKFETCH_JIT:-auto}
if [ "$jit" = auto ]; then
  jit=full
  for a in "$@"; do
    [ "$a" = -- ] && break
    case $a in --host-delay | --host-delay=*) jit=quick ;; esac
  done
fi
case $jit in
  quick) jit_opt=-XX:TieredStopAtLevel=1 ;;
  full) jit_opt= ;;
  *) echo "bulkfetch: BULKFETCH_JIT must be auto, full or quick (got '$jit')" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options by design; jit_opt is one option or none
exec java -XX:+UseSerialGC -XX:InlineSmallCode=500 $jit_opt ${JAVA_OPTS:-} -jar /opt/bulkfetch/bulkfetch.jar "$@"
