#!/usr/bin/env bash
# End-to-end benchmark: Palisade vs Mosquitto 2 vs bare HiveMQ CE embedded, same load generator, same certificates,
# in one run. Broker pinned to core 0, generator to core 1. Results: $OUT/results.jsonl and a table on stdout.
# Knobs (env): CLIENTS (100) INFLIGHT (10) DURATION (20) WARMUP (5) STORM (2000) STORM_PAR (64) IDLE (2000)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-$(mktemp -d /tmp/palisade-bench.XXXXXX)}"
CLIENTS=${CLIENTS:-100}; INFLIGHT=${INFLIGHT:-10}; DURATION=${DURATION:-20}; WARMUP=${WARMUP:-5}
STORM=${STORM:-2000}; STORM_PAR=${STORM_PAR:-64}; IDLE=${IDLE:-2000}
JDK="${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JDK/bin/java"; JCMD="$JDK/bin/jcmd"
command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || { echo "install mosquitto (apt-get install mosquitto)" >&2; exit 2; }
MOSQ="$(command -v mosquitto || echo /usr/sbin/mosquitto)"

(cd "$here" && mvn -B -q -DskipTests install)
CP="$here/palisade-bench/target/palisade-bench-0.1.0-SNAPSHOT.jar:$here/palisade-bench/target/lib/*"
gen() { taskset -c 1 "$JAVA" -Xmx4g -cp "$CP" io.palisade.bench.LoadGenerator --host localhost --ca "$OUT/creds/ca.pem" --creds "$OUT/creds" --json "$OUT/results.jsonl" --jcmd "$JCMD" "$@"; }
# wait_port PORT PID: until PORT accepts connections; fails if PID dies or after 120 s
wait_port() { for _ in $(seq 1 240); do kill -0 "$2" 2>/dev/null || { echo "process $2 died; see $OUT/*.log" >&2; return 1; }
  (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.5; done; echo "port $1 never opened" >&2; return 1; }
NDEV=$(( IDLE > CLIENTS ? IDLE : CLIENTS ))

start_palisade() {
  PALISADE_LOG_LEVEL=WARN taskset -c 0 "$here/palisade" server --data-dir "$OUT/data" --https-port 18443 --http-port 18080 --mqtt-port 18883 \
    --rate-limit 100000 >"$OUT/palisade-$1.log" 2>&1 &
  PAL=$!; wait_port 18883 $PAL; wait_port 18080 $PAL
  PALJ=$(pgrep -P $PAL java || echo $PAL)
}
echo "== results in $OUT"
start_palisade accp
if [ ! -d "$OUT/creds" ]; then taskset -c 1 "$JAVA" -cp "$CP" io.palisade.bench.Provision "$OUT/data" "$OUT/creds" "$NDEV"; fi
gen --label palisade --mode ingest --port 18883 --broker-pid "$PALJ" --clients "$CLIENTS" --inflight "$INFLIGHT" --duration "$DURATION" --warmup "$WARMUP"
gen --label palisade-1client --mode ingest --port 18883 --broker-pid "$PALJ" --clients 1 --inflight 1 --duration "$DURATION" --warmup "$WARMUP"
gen --label palisade-accp --mode storm --port 18883 --broker-pid "$PALJ" --connections "$STORM" --parallel "$STORM_PAR"
gen --label palisade --mode idle --port 18883 --broker-pid "$PALJ" --broker-jvm true --connections "$IDLE"
kill $PAL; wait $PAL 2>/dev/null || true
PALISADE_ACCP=off start_palisade jdk
gen --label palisade-jdk-crypto --mode storm --port 18883 --broker-pid "$PALJ" --connections "$STORM" --parallel "$STORM_PAR"
kill $PAL; wait $PAL 2>/dev/null || true

cat >"$OUT/mosquitto.conf" <<CONF
listener 18884 127.0.0.1
cafile $OUT/creds/ca.pem
certfile $OUT/creds/server.crt
keyfile $OUT/creds/server.key
require_certificate true
use_identity_as_username true
max_inflight_messages 100
max_connections -1
persistence false
log_type error
CONF
taskset -c 0 "$MOSQ" -c "$OUT/mosquitto.conf" >"$OUT/mosquitto.log" 2>&1 &
MQ=$!; wait_port 18884 $MQ
gen --label mosquitto --mode ingest --port 18884 --broker-pid "$MQ" --clients "$CLIENTS" --inflight "$INFLIGHT" --duration "$DURATION" --warmup "$WARMUP"
gen --label mosquitto-1client --mode ingest --port 18884 --broker-pid "$MQ" --clients 1 --inflight 1 --duration "$DURATION" --warmup "$WARMUP"
gen --label mosquitto --mode storm --port 18884 --broker-pid "$MQ" --connections "$STORM" --parallel "$STORM_PAR"
gen --label mosquitto --mode idle --port 18884 --broker-pid "$MQ" --connections "$IDLE"
kill $MQ; wait $MQ 2>/dev/null || true

taskset -c 0 "$JAVA" -cp "$CP" io.palisade.bench.BareHiveMq "$OUT/bare" 18885 "$OUT/creds/server.key" "$OUT/creds/server.crt" "$OUT/creds/ca.pem" >"$OUT/bare.log" 2>&1 &
BH=$!; wait_port 18885 $BH
gen --label bare-hivemq --mode ingest --port 18885 --broker-pid "$BH" --clients "$CLIENTS" --inflight "$INFLIGHT" --duration "$DURATION" --warmup "$WARMUP"
gen --label bare-hivemq-1client --mode ingest --port 18885 --broker-pid "$BH" --clients 1 --inflight 1 --duration "$DURATION" --warmup "$WARMUP"
gen --label bare-hivemq --mode storm --port 18885 --broker-pid "$BH" --connections "$STORM" --parallel "$STORM_PAR"
gen --label bare-hivemq --mode idle --port 18885 --broker-pid "$BH" --broker-jvm true --connections "$IDLE"
kill $BH; wait $BH 2>/dev/null || true
echo "== all results: $OUT/results.jsonl"
cat "$OUT/results.jsonl"
