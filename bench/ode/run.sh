#!/usr/bin/env bash
# Lorenz RK4 benchmark: the plain-double Java RK4 loop vs a NumPy RK4 loop and SciPy RK45.
# Usage: bench/ode/run.sh   (from the repository root; builds the bench module first)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH" MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
mvn -o -q -B -pl bench -am install -DskipTests
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -o -q -B -pl bench dependency:build-classpath -Dmdep.outputFile="$cp_file"
java_json=$(java -cp "bench/target/classes:$(cat "$cp_file")" org.odeon.bench.ode.LorenzRk4Bench)
py_json=$(/usr/bin/python3 bench/ode/lorenz_rk4.py)
echo "$java_json"
echo "$py_json"
/usr/bin/python3 - "$java_json" "$py_json" <<'PY'
import json, sys
java = json.loads(sys.argv[1])
numpy_rk4, scipy = [json.loads(line) for line in sys.argv[2].splitlines()]
java_seconds = java["median_seconds"]
print(f"Java RK4   {java['steps_per_second']:.3e} steps/s, error {java['max_abs_error']:.2e}, {java_seconds * 1e3:.3f} ms to T")
print(f"NumPy RK4  {numpy_rk4['steps_per_second']:.3e} steps/s, error {numpy_rk4['max_abs_error']:.2e}, {numpy_rk4['seconds'] * 1e3:.1f} ms to T"
      f"  -> Java is {java['steps_per_second'] / numpy_rk4['steps_per_second']:.0f}x")
print(f"SciPy RK45 {scipy['steps_per_second']:.3e} steps/s ({scipy['steps']} steps, rtol {scipy['rtol']:.1e}), error {scipy['max_abs_error']:.2e},"
      f" {scipy['seconds'] * 1e3:.1f} ms to T  -> Java is {scipy['seconds'] / java_seconds:.0f}x faster to equal accuracy")
PY
