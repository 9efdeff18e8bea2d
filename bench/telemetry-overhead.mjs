// Telemetry's cost on the executed read path (issue 17): req/s of the varied key lookup (response cache off) with
// telemetry off and on (spans recorded with no exporter, metrics collected for /metrics, a scrape every second), the
// two servers run in turn, alternating, on a copy of a generated store. Not a test: a noisy machine gives ratios, not truths.
//
//   node bench/telemetry-overhead.mjs <store.db copy> <data json folder> [port=5341] [seconds=8] [rounds=2]
//
// Build first: dotnet build -c Release src/TradeGraph.Api
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { log, startServer, stopServer, waitFor, wrk } from './processes.mjs';
import { luaPath, variableSets, variedLua } from './varied.mjs';

const [db, json, port = '5341', seconds = '8', rounds = '2'] = process.argv.slice(2);
if (!db || !json) {
  console.error('usage: node bench/telemetry-overhead.mjs <store.db copy> <data json folder> [port] [seconds] [rounds]');
  process.exit(2);
}

const bench = new URL('.', import.meta.url).pathname;
const dll = join(bench, '..', 'src/TradeGraph.Api/bin/Release/net10.0/TradeGraph.Api.dll');
const entities = [];
for (const f of readdirSync(json).filter(x => x.endsWith('.json'))) {
  for (const e of JSON.parse(readFileSync(join(json, f), 'utf8')).entities ?? []) entities.push(e);
}
const query = readFileSync(join(bench, 'workloads', 'key-lookup.graphql'), 'utf8');
const bodies = variableSets(entities, 7, 1000)['key-lookup'].map(v => JSON.stringify({ query, variables: v }));
const lua = luaPath(mkdtempSync(join(tmpdir(), 'tg-telemetry-')), 'key-lookup');
variedLua(lua, bodies);

const settings = {
  off: ['--Telemetry:Enabled=false'],
  on: ['--Telemetry:Enabled=true', '--Telemetry:Tracing=On', '--Telemetry:Prometheus=true', '--Telemetry:LogSlowOperations=true'],
};
const results = { off: [], on: [] };
for (let round = 0; round < Number(rounds); round++) {
  for (const mode of round % 2 === 0 ? ['off', 'on'] : ['on', 'off']) {
    const server = startServer(mode, 'dotnet', [dll, `--Storage:Sqlite:Path=${db}`, `--Urls=http://127.0.0.1:${port}`,
      '--Seed:LoadWhenEmpty=false', '--GraphQL:ResponseCache:Enabled=false', '--Logging:LogLevel:Default=Warning', ...settings[mode]], {});
    try {
      await waitFor(`http://127.0.0.1:${port}/graphql`, bodies[0], 120_000, server);
      wrk(port, lua, 3, 8); // warm-up: JIT, read model, statements
      const scraper = mode === 'on' ? setInterval(() => fetch(`http://127.0.0.1:${port}/metrics`).then(r => r.arrayBuffer()).catch(() => {}), 1000) : null;
      const run = wrk(port, lua, Number(seconds), 8);
      if (scraper) clearInterval(scraper);
      if (run.non2xx > 0) throw new Error(`${mode}: ${run.non2xx} non-2xx answers`);
      results[mode].push(run.rps);
      log(`${mode}: ${run.rps.toFixed(0)} req/s (${run.requests} requests)`);
      if (mode === 'on') {
        const scrape = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        log(`on: /metrics has ${scrape.split('\n').filter(l => l.startsWith('tradegraph_')).length} tradegraph_ samples`);
      }
    } finally {
      await stopServer(server);
    }
  }
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
log(`key lookup, response cache off: off ${results.off.map(r => r.toFixed(0)).join(', ')} req/s; on ${results.on.map(r => r.toFixed(0)).join(', ')} req/s; on/off ${(median(results.on) / median(results.off)).toFixed(3)}`);
