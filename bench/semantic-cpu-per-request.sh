#!/usr/bin/env bash
# Server CPU time per searchEntities request (utime+stime from /proc, 10 ms ticks) for each mode: a figure the machine's load distorts
# little. Usage: bench/semantic-cpu-per-request.sh SERVER_PID http://127.0.0.1:PORT [requests=60]; wait until the server is idle first.
pid=$1; url=$2; n=${3:-60}
texts=("farm produce purchases" "US treasury chief" "Chinese vice premier" "minerals export restrictions" "trade talks in Asia")
ticks() { awk '{print $14+$15}' /proc/$pid/stat; }
echo "load average: $(cat /proc/loadavg)"
for mode in TEXT SEMANTIC HYBRID; do
  before=$(ticks); start=$(date +%s.%N)
  for i in $(seq 1 $n); do
    t=${texts[$((i % 5))]}
    curl -s -o /dev/null -H 'content-type: application/json' -H 'GraphQL-Cost: report' "$url/graphql" \
      -d "{\"query\":\"query (\$t: String!) { searchEntities(text: \$t, mode: $mode, first: 10) { totalCount nodes { score node { key } } } }\",\"variables\":{\"t\":\"$t\"}}"
  done
  after=$(ticks); end=$(date +%s.%N)
  echo "$mode: server CPU $(echo "($after - $before) * 10 / $n" | bc -l | xargs printf '%.1f') ms a request; wall $(echo "($end - $start) * 1000 / $n" | bc -l | xargs printf '%.0f') ms a request ($n requests)"
done
echo "load average: $(cat /proc/loadavg)"
