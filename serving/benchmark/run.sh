#!/usr/bin/env bash
# Runs the serving benchmark: serving in a JVM of its own on loopback (J48, then a
# 100-tree RandomForest on iris), driven by wrk on the same machine, next to a no-op
# endpoint of the same server; then hot swaps under load. Figures are printed and
# written to serving/target/benchmark/benchmark.md.
#
#   serving/benchmark/run.sh                       # 3 x 5 s per figure, 40 s of swaps
#   BENCHMARK_SECONDS=10 BENCHMARK_ROUNDS=5 serving/benchmark/run.sh
#   BENCHMARK_JVM="-Xmx256m" serving/benchmark/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v wrk >/dev/null 2>&1; then
	echo "Installing wrk (Debian package)..."
	if [ "$(id -u)" -eq 0 ]; then apt-get install -y wrk; else sudo apt-get install -y wrk; fi
fi

mvn -B ${MAVEN_OFFLINE:--o} -pl serving -am test \
	-Dtest=ServingBenchmarkTests -Dsurefire.failIfNoSpecifiedTests=false \
	-Dserving.groups=benchmark -Dserving.excludedGroups= -Dpipeline.mlflow-2.17.skip=true \
	-Dbenchmark.rounds="${BENCHMARK_ROUNDS:-3}" -Dbenchmark.seconds="${BENCHMARK_SECONDS:-5}" -Dbenchmark.swap-seconds="${BENCHMARK_SWAP_SECONDS:-40}" \
	-Dbenchmark.jvm="${BENCHMARK_JVM:--Xmx96m -XX:+UseSerialGC}"

cat serving/target/benchmark/benchmark.md
