#!/bin/sh
# Builds the scheduler and these benchmarks, runs them, and prints JMH's figures.
# Extra arguments go to JMH, e.g. ./run.sh -wi 2 -i 3 -r 1s LatencyBenchmark
set -e
cd "$(dirname "$0")"
mvn -B -q -f ../../pom.xml install -pl bundles/dev.backgroundtasks.scheduler -am -DskipTests
mvn -B -q package
# The forks' heap (2 GB, for the 1,000,000-task backlog) is set by @Fork in the benchmarks.
exec java -jar target/benchmarks.jar -wi 3 -w 2s -i 8 -r 2s -rf text -rff target/results.txt "$@"
