#!/bin/sh
# What a data directory costs: submission throughput and memory in memory and on a data directory
# (each mode in its own JVM, alternating, a warm-up round then four; 8 and 64 client threads), then the
# restart time with 10,000 retained requests. Run from the repository root; prints one line per round.
set -eu
mvn -B -q -o -pl emulator -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
cp="emulator/target/test-classes:emulator/target/classes:$(cat emulator/target/bench-classpath.txt)"
run() { java -Xmx512m -cp "$cp" dev.jls.emulator.bench.PersistenceBench "$@" 2>/dev/null | grep -v '^warm-up'; }
for clients in 8 64; do
  for round in 1 2 3; do
    run memory 4 10000 "$clients"
    run data 4 10000 "$clients"
  done
done
run restart
