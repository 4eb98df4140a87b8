#!/usr/bin/env bash
# Runs a local Raft3D cluster in the background.
#
#   scripts/cluster.sh up [N]   start N nodes (default 3): node1 bootstraps, the others -join it;
#                               waits until every node is a voter and prints the endpoints.
#                               Run again after `down` to restart them from their data.
#   scripts/cluster.sh up --secure [N]
#                               the same with a fresh CA, node certificates and API keys made by
#                               openssl in RUN/secure: HTTPS, mutual TLS between nodes, keys with
#                               roles (the later commands keep using them until `clean`).
#   scripts/cluster.sh status   one line per node: state, term, leader, indexes (or down)
#   scripts/cluster.sh kill ID  kill -9 one node (its data stays; `start ID` brings it back)
#   scripts/cluster.sh stop ID  SIGTERM one node and wait for it to stop
#   scripts/cluster.sh start ID start a stopped or killed node again from its data
#   scripts/cluster.sh add      start the next node (nodeN+1), which joins through the running nodes
#   scripts/cluster.sh down     SIGTERM every node and wait for them to stop
#   scripts/cluster.sh clean    down, then delete the run folder (data and logs)
#   scripts/cluster.sh monitor  start Prometheus (Debian's package, installed if missing) scraping
#                               the running nodes every 5 s, on 127.0.0.1:$PROMETHEUS_PORT (9090);
#                               `monitor stop` stops it. Its data lives in RUN/prometheus.
#
# Everything lives under RUN (default: run/ in the repository): RUN/data/ID, RUN/logs/ID.log,
# RUN/pids/ID, RUN/out/ID.out. Node i listens for HTTP on 127.0.0.1:$((HTTP_BASE+i)) and for
# Raft on 127.0.0.1:$((RAFT_BASE+i)) (defaults 8080 and 7000: node1 = 8081 / 7001).
set -euo pipefail
cd "$(dirname "$0")/.."

RUN=${RUN:-run}
HTTP_BASE=${HTTP_BASE:-8080}
RAFT_BASE=${RAFT_BASE:-7000}
SERVER=src/Raft3D.Server/bin/Release/net10.0/Raft3D.Server.dll

http_of() { echo "127.0.0.1:$((HTTP_BASE + $1))"; }

SECURE=$RUN/secure
is_secure() { [[ -f $SECURE/ca.pem ]]; }
scheme() { if is_secure; then echo https; else echo http; fi; }
url_of() { echo "$(scheme)://$(http_of "$1")"; }
admin_key() { awk '$2 == "admin" { print $1; exit }' "$SECURE/api-keys.txt"; }
node_curl() { # curl with the cluster's CA and admin key when it is secure
  if is_secure; then curl --cacert "$SECURE/ca.pem" -H "Authorization: Bearer $(admin_key)" "$@"; else curl "$@"; fi
}

make_ca() { # a CA and an api-keys file (one key of each role) in RUN/secure
  command -v openssl >/dev/null || { echo "--secure needs openssl" >&2; exit 1; }
  mkdir -p "$SECURE"
  chmod 700 "$SECURE"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 -subj "/CN=raft3d local CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout "$SECURE/ca.key" -out "$SECURE/ca.pem" 2>/dev/null
  {
    echo "# KEY ROLE NAME (scripts/cluster.sh up --secure)"
    echo "$(openssl rand -hex 24) admin ops"
    echo "$(openssl rand -hex 24) write shop-floor"
    echo "$(openssl rand -hex 24) read viewer"
  } >"$SECURE/api-keys.txt"
  chmod 600 "$SECURE/api-keys.txt"
}

make_cert() { # make_cert ID: RUN/secure/ID.pem and ID.key, signed by the CA, for 127.0.0.1 and localhost
  [[ -f $SECURE/$1.pem ]] && return 0
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
    -keyout "$SECURE/$1.key" -out "$SECURE/$1.csr" 2>/dev/null
  openssl x509 -req -in "$SECURE/$1.csr" -CA "$SECURE/ca.pem" -CAkey "$SECURE/ca.key" -CAcreateserial -days 365 \
    -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyAgreement\n') \
    -out "$SECURE/$1.pem" 2>/dev/null
  rm -f "$SECURE/$1.csr"
  chmod 600 "$SECURE/$1.key"
}

security_flags() { # security_flags ID: the -api-keys and -tls-* flags of a node, when secure
  is_secure || return 0
  make_cert "$1"
  echo -api-keys "$SECURE/api-keys.txt" -tls-cert "$SECURE/$1.pem" -tls-key "$SECURE/$1.key" -tls-ca "$SECURE/ca.pem"
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then echo "timed out waiting for $what" >&2; return 1; fi
    sleep 0.2
  done
}

running_ids() {
  [[ -d $RUN/pids ]] || return 0
  for pidfile in "$RUN"/pids/*; do
    [[ -e $pidfile ]] || continue
    if kill -0 "$(cat "$pidfile")" 2>/dev/null; then basename "$pidfile"; else rm -f "$pidfile"; fi
  done
}

voters_at_least() { # voters_at_least N: node1 sees N voters and a leader
  local status
  status=$(node_curl -sf "$(url_of 1)/cluster/status") || return 1
  [[ $(grep -o '"suffrage":"voter"' <<<"$status" | wc -l) -ge $1 ]] && grep -q '"leader":{' <<<"$status"
}

launch() { # launch I [FLAGS...]: start nodeI in the background
  local i=$1 id="node$1"
  shift
  mkdir -p "$RUN/pids" "$RUN/out"
  # shellcheck disable=SC2046 # the flags are words without spaces
  nohup dotnet "$SERVER" -id "$id" -http "$(http_of "$i")" -raft "127.0.0.1:$((RAFT_BASE + i))" \
    -data "$RUN/data" -logs "$RUN/logs" -console-level warn $(security_flags "$id") "$@" >>"$RUN/out/$id.out" 2>&1 &
  echo $! >"$RUN/pids/$id"
}

index_of() { # index_of ID: nodeI -> I, or a usage error
  [[ ${1:-} =~ ^node([0-9]+)$ ]] || { echo "expected a node id like node2, got '${1:-}'" >&2; exit 2; }
  echo "${BASH_REMATCH[1]}"
}

is_running() { [[ -e $RUN/pids/$1 ]] && kill -0 "$(cat "$RUN/pids/$1")" 2>/dev/null; }

kill_node() {
  local i
  i=$(index_of "${1:-}")
  is_running "node$i" || { echo "node$i is not running" >&2; exit 1; }
  kill -9 "$(cat "$RUN/pids/node$i")"
  rm -f "$RUN/pids/node$i"
  echo "node$i killed (kill -9); its data stays in $RUN/data/node$i"
}

stop_node() {
  local i pid
  i=$(index_of "${1:-}")
  is_running "node$i" || { echo "node$i is not running" >&2; exit 1; }
  pid=$(cat "$RUN/pids/node$i")
  kill -TERM "$pid"
  wait_for 30 "node$i to stop" bash -c "! kill -0 $pid"
  rm -f "$RUN/pids/node$i"
  echo "node$i stopped"
}

start_node() {
  local i
  i=$(index_of "${1:-}")
  is_running "node$i" && { echo "node$i is already running" >&2; exit 1; }
  [[ -d $RUN/data/node$i ]] || { echo "node$i has no data in $RUN/data: use add for a new node" >&2; exit 1; }
  [[ -f $SERVER ]] || dotnet build src/Raft3D.Server -c Release -v quiet -nologo >/dev/null
  launch "$i"
  wait_for 60 "node$i to answer" node_curl -sf "$(url_of "$i")/health/live"
  echo "node$i started: $(url_of "$i")"
}

add_node() {
  local i=1 joins=()
  while [[ -d $RUN/data/node$i ]] || is_running "node$i"; do i=$((i + 1)); done
  for id in $(running_ids); do joins+=("$(http_of "${id#node}")"); done
  ((${#joins[@]} > 0)) || { echo "no node is running to join: scripts/cluster.sh up first" >&2; exit 1; }
  [[ -f $SERVER ]] || dotnet build src/Raft3D.Server -c Release -v quiet -nologo >/dev/null
  launch "$i" -join "$(IFS=,; echo "${joins[*]}")"
  wait_for 90 "node$i to become a voter" is_voter "node$i"
  echo "node$i joined: $(url_of "$i")  raft 127.0.0.1:$((RAFT_BASE + i))  log $RUN/logs/node$i.log"
}

is_voter() { # is_voter ID: the node itself reports that it votes
  node_curl -sf "$(url_of "${1#node}")/cluster/status" | grep -q "\"id\":\"$1\"[^}]*\"suffrage\":\"voter\""
}

up() {
  local secure=0
  if [[ ${1:-} == --secure ]]; then secure=1; shift; fi
  local n=${1:-3}
  if [[ -n $(running_ids) ]]; then echo "already running: $(running_ids | tr '\n' ' ')(scripts/cluster.sh down first)" >&2; exit 1; fi
  if ((secure)) && ! is_secure; then
    [[ -d $RUN/data ]] && { echo "$RUN holds a cluster without TLS: scripts/cluster.sh clean first" >&2; exit 1; }
    make_ca
  fi
  echo "building the server (Release)..."
  dotnet build src/Raft3D.Server -c Release -v quiet -nologo >/dev/null
  local fresh=1
  [[ -d $RUN/data/node1 ]] && fresh=0 # a restart: every node resumes from its data
  for i in $(seq 1 "$n"); do
    if ((i == 1)); then launch 1 -bootstrap; else launch "$i" -join "$(http_of 1)"; fi
    # A new cluster: let node1 elect itself before the others ask it to add them.
    if ((i == 1 && fresh)); then wait_for 60 "node1 to be ready" node_curl -sf "$(url_of 1)/health/ready"; fi
  done
  wait_for 90 "$n voters" voters_at_least "$n"
  echo "Raft3D cluster of $n nodes is up:"
  for i in $(seq 1 "$n"); do
    echo "  node$i  $(url_of "$i")  raft 127.0.0.1:$((RAFT_BASE + i))  log $RUN/logs/node$i.log"
  done
  echo "API docs: $(url_of 1)/docs   status: scripts/cluster.sh status   stop: scripts/cluster.sh down"
  if is_secure; then
    echo "Secure: CA $SECURE/ca.pem, keys in $SECURE/api-keys.txt (admin, write, read). For example:"
    echo "  export RAFT3D_API_KEY=\$(awk '\$2==\"admin\" {print \$1}' $SECURE/api-keys.txt) RAFT3D_CA=$SECURE/ca.pem"
    echo "  curl --cacert \$RAFT3D_CA -H \"Authorization: Bearer \$RAFT3D_API_KEY\" $(url_of 1)/cluster/status"
    echo "  dotnet run --project src/Raft3D.Cli -- --node $(url_of 1) cluster show"
  fi
}

status() { # every node that has data or runs; a node that has data but no process is down
  local ids
  ids=$( { running_ids; [[ -d $RUN/data ]] && ls "$RUN/data"; } | sort -uV)
  if [[ -z $ids ]]; then echo "no node is running"; return 0; fi
  for id in $ids; do
    local i=${id#node}
    printf '%s: ' "$id"
    if ! is_running "$id"; then echo "down (no process; scripts/cluster.sh start $id)"; continue; fi
    node_curl -s --max-time 5 "$(url_of "$i")/cluster/status" |
      sed -E 's/.*"state":"([^"]*)","term":([0-9]+).*"leader":(\{"id":"([^"]*)"|null).*"commit_index":([0-9]+),"applied_index":([0-9]+).*/\1 term \2 leader \4 commit \5 applied \6/' || printf 'not answering'
    echo
  done
}

down() {
  local ids
  ids=$(running_ids)
  [[ -z $ids ]] && { echo "no node is running"; return 0; }
  for id in $ids; do kill -TERM "$(cat "$RUN/pids/$id")" 2>/dev/null || true; done
  for id in $ids; do
    local pid
    pid=$(cat "$RUN/pids/$id")
    wait_for 30 "$id to stop" bash -c "! kill -0 $pid"
    rm -f "$RUN/pids/$id"
    echo "$id stopped"
  done
}

monitor() {
  local pidfile=$RUN/prometheus.pid port=${PROMETHEUS_PORT:-9090} targets=()
  if [[ ${1:-} == stop ]]; then
    [[ -e $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "Prometheus is not running"; rm -f "$pidfile"; return 0; }
    kill -TERM "$(cat "$pidfile")"
    rm -f "$pidfile"
    echo "Prometheus stopped"
    return 0
  fi
  if [[ -e $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "Prometheus is already running: http://127.0.0.1:$port"; return 0; fi
  if ! command -v prometheus >/dev/null 2>&1; then
    echo "installing Debian's prometheus package..."
    local sudo=()
    ((EUID == 0)) || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  fi
  for id in $(running_ids); do targets+=("\"$(http_of "${id#node}")\""); done
  ((${#targets[@]} > 0)) || { echo "no node is running: scripts/cluster.sh up first" >&2; exit 1; }
  if curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; then
    echo "port $port is taken by another Prometheus (perhaps the package's own service): PROMETHEUS_PORT=9091 scripts/cluster.sh monitor" >&2
    exit 1
  fi
  # deploy/prometheus.yml, scraping the nodes running now (a node added later: monitor stop, monitor).
  mkdir -p "$RUN/prometheus"
  sed -E "s|^( *- targets: ).*|\1[$(IFS=,; echo "${targets[*]}")]|" deploy/prometheus.yml >"$RUN/prometheus/prometheus.yml"
  nohup prometheus --config.file="$RUN/prometheus/prometheus.yml" --storage.tsdb.path="$RUN/prometheus/data" \
    --web.listen-address="127.0.0.1:$port" >>"$RUN/prometheus/prometheus.out" 2>&1 &
  echo $! >"$pidfile"
  wait_for 30 "Prometheus to be ready" curl -sf "http://127.0.0.1:$port/-/ready"
  echo "Prometheus scrapes ${targets[*]}: http://127.0.0.1:$port"
  echo "  e.g. http://127.0.0.1:$port/graph?g0.expr=raft3d_commit_index   Grafana: import deploy/grafana/raft3d.json with this Prometheus as data source"
}

case ${1:-} in
  up) shift; up "$@" ;;
  status) status ;;
  kill) kill_node "${2:-}" ;;
  stop) stop_node "${2:-}" ;;
  start) start_node "${2:-}" ;;
  add) add_node ;;
  down) down ;;
  clean) monitor stop; down; rm -rf "$RUN"; echo "removed $RUN" ;;
  monitor) monitor "${2:-}" ;;
  *) echo "usage: scripts/cluster.sh up [--secure] [N] | status | kill ID | stop ID | start ID | add | down | clean | monitor [stop]" >&2; exit 2 ;;
esac
