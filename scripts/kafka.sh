#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, broker and controller in one JVM) for the tests and the demo, from
# the Maven Central artifacts named in scripts/kafka/pom.xml.
#
#   scripts/kafka.sh fetch          download the broker's jars into .cache/kafka (once per version)
#   scripts/kafka.sh start [DIR]    format DIR (first start only) and start a broker on free ports; prints
#                                   host:port and writes it to DIR/brokers. A restart keeps DIR's ports and data.
#   scripts/kafka.sh stop [DIR]     stop it (SIGTERM, SIGKILL after 30 s); DIR's data stays for a restart
#
# DIR defaults to .cache/kafka/broker. KAFKA_OWNER_PID=<pid> at start: the broker is stopped when that process
# is gone, so a killed test run leaves no JVM behind. KAFKA_HEAP overrides -Xmx (default 256m).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
POM="$ROOT/scripts/kafka/pom.xml"
CACHE="$ROOT/.cache/kafka"
VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")
LIBS="$CACHE/libs-$VERSION"

die() {
  echo "kafka.sh: $*" >&2
  exit 1
}

fetch() {
  [ -f "$LIBS/.complete" ] && return
  command -v mvn >/dev/null || die "mvn not found (apt-get install -y maven openjdk-17-jre-headless)"
  rm -rf "$LIBS.partial"
  mkdir -p "$CACHE"
  mvn -q -B -f "$POM" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS.partial" \
    >"$CACHE/fetch.log" 2>&1 ||
    die "could not fetch org.apache.kafka:kafka_2.13:$VERSION with Maven: $(tail -20 "$CACHE/fetch.log")"
  rm -rf "$LIBS"
  mv "$LIBS.partial" "$LIBS"
  touch "$LIBS/.complete"
}

alive() { [ -f "$1/pid" ] && kill -0 "$(cat "$1/pid")" 2>/dev/null; }

# Two ports the kernel just handed out (bound to 0, then released), for the client and controller listeners.
free_ports() {
  node -e '
    const net = require("node:net");
    const one = () => new Promise((ok) => { const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address(); s.close(() => ok(port)); }); });
    (async () => { const a = await one(); let b = await one(); while (b === a) b = await one();
      console.log(a, b); })();'
}

write_config() {
  local dir=$1 port=$2 cport=$3
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
# Several partitions so that keying by lead id is what keeps one lead's events in order.
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
background.threads=2
log.flush.interval.messages=9223372036854775807
EOF
}

start() {
  local dir=${1:-$CACHE/broker}
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if alive "$dir"; then
    cat "$dir/brokers"
    return
  fi
  command -v java >/dev/null || die "java not found (apt-get install -y openjdk-17-jre-headless)"
  fetch
  [ -f "$dir/ports" ] || free_ports >"$dir/ports"
  local port cport
  read -r port cport <"$dir/ports"
  write_config "$dir" "$port" "$cport"

  local cp="$LIBS/*"
  # A small heap, one GC thread and the quick JIT tier: a test broker carries little data, and two busy cores
  # are shared with the suite.
  local opts=(-Xmx"${KAFKA_HEAP:-256m}" -Xms64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1
    -XX:MaxDirectMemorySize=128m -Djava.awt.headless=true -Dkafka.logs.dir="$dir"
    -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.properties")

  if [ ! -f "$dir/data/meta.properties" ]; then
    # Any 16 random bytes in URL-safe base64 are a valid cluster id.
    local cluster
    # One starting with '-' would be read as an option: draw again.
    cluster=-
    while [ "${cluster:0:1}" = - ]; do cluster=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='); done
    java "${opts[@]}" -cp "$cp" kafka.tools.StorageTool format --config "$dir/server.properties" \
      --cluster-id "$cluster" --ignore-formatted >"$dir/format.log" 2>&1 ||
      die "formatting $dir failed: $(tail -5 "$dir/format.log")"
  fi

  : >"$dir/server.log"
  setsid nohup java "${opts[@]}" -cp "$cp" kafka.Kafka "$dir/server.properties" >"$dir/stdout.log" 2>&1 &
  echo $! >"$dir/pid"
  echo "127.0.0.1:$port" >"$dir/brokers"

  if [ -n "${KAFKA_OWNER_PID:-}" ]; then
    local owner=$KAFKA_OWNER_PID broker
    broker=$(cat "$dir/pid")
    setsid nohup bash -c "while kill -0 $owner 2>/dev/null && kill -0 $broker 2>/dev/null; do sleep 2; done
      kill -TERM $broker 2>/dev/null" >/dev/null 2>&1 &
  fi

  local waited=0
  until grep -q 'Kafka Server started' "$dir/server.log" 2>/dev/null; do
    alive "$dir" || die "the broker exited while starting: $(tail -20 "$dir/server.log" "$dir/stdout.log")"
    [ "$waited" -lt 1200 ] || {
      stop "$dir"
      die "the broker did not start within 120 s (see $dir/server.log)"
    }
    sleep 0.1
    waited=$((waited + 1))
  done
  cat "$dir/brokers"
}

stop() {
  local dir=${1:-$CACHE/broker}
  alive "$dir" || {
    rm -f "$dir/pid"
    return 0
  }
  local pid
  pid=$(cat "$dir/pid")
  kill -CONT "$pid" 2>/dev/null || true # a paused broker cannot act on SIGTERM
  kill -TERM "$pid"
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/pid"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) die "usage: scripts/kafka.sh fetch | start [DIR] | stop [DIR]" ;;
esac
