#!/usr/bin/env bash
# Import time with and without embeddings: `generate --relationships N --import` into a fresh SQLite file, twice
# (Semantic:EmbedOnImport false, then true), with the Release build. Usage: bench/semantic-import.sh [N=10000] [scratch folder]
set -euo pipefail
n=${1:-10000}
dir=${2:-$(mktemp -d)}
dll="$(dirname "$0")/../src/TradeGraph.Api/bin/Release/net10.0/TradeGraph.Api.dll"
echo "load average: $(cat /proc/loadavg)"
for embed in false true; do
  rm -f "$dir/import-$embed.db"*
  start=$(date +%s.%N)
  /usr/bin/time -f "  CPU %U s user + %S s system, wall %e s" dotnet "$dll" generate --relationships "$n" --import "--Storage:Sqlite:Path=$dir/import-$embed.db" "--Semantic:EmbedOnImport=$embed" | sed 's/^/  /'
  echo "EmbedOnImport=$embed: $(echo "$(date +%s.%N) - $start" | bc) s"
done
echo "load average: $(cat /proc/loadavg)"
