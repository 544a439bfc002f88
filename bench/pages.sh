#!/usr/bin/env bash
# Measures the public pages: throughput and latency seen by wrk on loopback, and the server's own
# time per request (from its request log). Runs a release build against a fresh database with the
# repository's content imported. Traffic goes only to 127.0.0.1 and stops after a fixed duration.
#
#   bench/pages.sh [seconds-per-page [connections]]   (defaults 10 and 1; needs wrk: apt-get install wrk)
# With one connection the server-side figures are the time to answer one request, without queueing.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-1}
port=3999
server=${PGSERVER:-postgres://postgres@127.0.0.1:5432}
db=okc_psp_bench
log=$(mktemp)

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
cargo build --release --quiet
psql "$server/postgres" -qc "drop database if exists $db"

DATABASE_URL="$server/$db" BIND_ADDR="127.0.0.1:$port" RUST_LOG=info,okc_psp::error=debug NO_COLOR=1 \
  target/release/okc-psp >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; psql "$server/postgres" -qc "drop database if exists $db"; rm -f "$log"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

printf '%-30s %9s %9s %9s %13s %13s %13s\n' page req/s p50 p99 server-p50-us server-p99-us render-p50-us
for page in / /recommendations/1 /recommendations/14 /focus-areas/de-escalation /timeline /about \
  /progress '/recommendations?q=complaint' /changes /data/recommendations.csv /feed.atom; do
  : >"$log"
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$page")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  # The server logs "latency=NNN μs" per request; take its median and 99th percentile.
  read -r s50 s99 < <({ grep -ao 'latency=[0-9]*' "$log" || true; } | cut -d= -f2 | sort -n |
    awk '{v[NR]=$1} END {if (NR) print v[int(NR*0.5)+1], v[int(NR*0.99)+1]; else print "-", "-"}')
  # The template step alone, logged at debug level by error::render ("-" for files and feeds,
  # which have no template).
  r50=$({ grep -ao 'render_us=[0-9]*' "$log" || true; } | cut -d= -f2 | sort -n | awk '{v[NR]=$1} END {print NR ? v[int(NR*0.5)+1] : "-"}')
  printf '%-30s %9s %9s %9s %13s %13s %13s\n' "$page" "$rps" "$p50" "$p99" "$s50" "$s99" "$r50"
done
# Resident memory of the server after the run.
echo "server RSS after the run: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status)"
