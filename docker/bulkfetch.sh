#!/bin/sh
# The image's `bulkfetch` command. SerialGC as in bin/bulkfetch: one event loop does the work, and
# it needs half the memory of G1 at the same speed. JAVA_OPTS adds JVM options.
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options by design
exec java -XX:+UseSerialGC -XX:InlineSmallCode=500 ${JAVA_OPTS:-} -jar /opt/bulkfetch/bulkfetch.jar "$@"
