#!/usr/bin/env bash
# Compares, against a running server, what the transport features save: a 304 against a full GET answer, an APQ GET
# against the full document, and one batch against separate POSTs. Not a test: times depend on the machine (say the
# load average with any figure); bytes and ratios are the point.
#   bench/transport/run.sh http://127.0.0.1:5360 [repeats]
set -euo pipefail
url="${1:?server URL}/graphql"
n="${2:-200}"
doc='query Hub($n: Int) { officials(first: $n, order: [{ meetingsCount: DESC }]) { nodes { key name meetings(first: 10) { nodes { key name participants(first: 10) { nodes { key } } } } } } }'
vars='{"n":10}'
hash=$(printf '%s' "$doc" | sha256sum | cut -d' ' -f1)
enc() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$1"; }
get="$url?query=$(enc "$doc")&variables=$(enc "$vars")"

echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
tag=$(curl -s -D - -o /dev/null "$get" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
full_bytes=$(curl -s "$get" | wc -c)
timed() { local start end; start=$(date +%s%N); for _ in $(seq "$n"); do "$@" > /dev/null; done; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
t_full=$(timed curl -s "$get")
t_304=$(timed curl -s -H "If-None-Match: $tag" "$get")
echo "GET x$n: full answer ${full_bytes} B, ${t_full} ms; If-None-Match -> 304, 0 B, ${t_304} ms (ratio $(python3 -c "print(round($t_304/$t_full,2))"))"

post_body=$(python3 -c 'import json,sys;print(json.dumps({"query":sys.argv[1],"variables":json.loads(sys.argv[2])}))' "$doc" "$vars")
apq_get="$url?variables=$(enc "$vars")&extensions=$(enc "{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"$hash\"}}")"
curl -s "$url" -H 'Content-Type: application/json' -d "$(python3 -c 'import json,sys;b=json.loads(sys.argv[1]);b["extensions"]={"persistedQuery":{"version":1,"sha256Hash":sys.argv[2]}};print(json.dumps(b))' "$post_body" "$hash")" > /dev/null
echo "request: full POST body ${#post_body} B; APQ GET URL ${#apq_get} B; APQ answer equals full: $( [ "$(curl -s "$apq_get")" = "$(curl -s "$get")" ] && echo yes || echo no)"

k=10
batch=$(python3 -c 'import json,sys;print(json.dumps([json.loads(sys.argv[1])]*int(sys.argv[2])))' "$post_body" "$k")
rt_one=$(curl -s "$url" -H 'Content-Type: application/json' -H 'GraphQL-Cost: report' -d "$post_body" | python3 -c 'import json,sys;print(json.load(sys.stdin)["extensions"]["operationCost"]["storeRoundTrips"])')
t_sep=$(n=$((n / k)) timed sh -c "for i in \$(seq $k); do curl -s '$url' -H 'Content-Type: application/json' -d '$post_body'; done")
t_batch=$(n=$((n / k)) timed curl -s "$url" -H 'Content-Type: application/json' -d "$batch")
echo "$k operations: store round trips alone ${rt_one} each; $((n / k))x: separate POSTs ${t_sep} ms, one batch ${t_batch} ms (ratio $(python3 -c "print(round($t_batch/$t_sep,2))"))"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
