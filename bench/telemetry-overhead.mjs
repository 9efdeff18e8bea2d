// Telemetry's cost on the executed read path (issue 17): req/s of the varied key lookup (response cache off) with
// telemetry off, metrics only, and metrics + spans (recorded with no exporter), a scrape every second when on, the
// servers run in turn, in rotating order, on a copy of a generated store. Not a test: a noisy machine gives ratios, not truths.
//
//   node bench/telemetry-overhead.mjs <store.db copy> <data json folder> [port=5341] [seconds=8] [rounds=2]
//
// Build first: dotnet build -c Release src/TradeGraph.Api
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cpuSeconds, log, startServer, stopServer, waitFor, wrk } from './processes.mjs';
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

// metrics: /metrics only (the default without an OTLP endpoint); on: spans recorded too (as with an exporter, minus the export).
const settings = {
  off: ['--Telemetry:Enabled=false'],
  metrics: ['--Telemetry:Enabled=true', '--Telemetry:Tracing=Off', '--Telemetry:Prometheus=true'],
  on: ['--Telemetry:Enabled=true', '--Telemetry:Tracing=On', '--Telemetry:Prometheus=true'],
};
const modes = Object.keys(settings);
const results = Object.fromEntries(modes.map(m => [m, []]));
// Server CPU time per request: less at the mercy of other processes than req/s on a shared machine.
const cpu = Object.fromEntries(modes.map(m => [m, []]));
for (let round = 0; round < Number(rounds); round++) {
  // Rotate the order each round: the machine's load drifts, so no mode always goes first.
  for (const mode of modes.map((_, i) => modes[(i + round) % modes.length])) {
    const server = startServer(mode, 'dotnet', [dll, `--Storage:Sqlite:Path=${db}`, `--Urls=http://127.0.0.1:${port}`,
      '--Seed:LoadWhenEmpty=false', '--GraphQL:ResponseCache:Enabled=false', '--Logging:LogLevel:Default=Warning', ...settings[mode]], {});
    try {
      await waitFor(`http://127.0.0.1:${port}/graphql`, bodies[0], 120_000, server);
      wrk(port, lua, 3, 8); // warm-up: JIT, read model, statements
      const scraper = mode !== 'off' ? setInterval(() => fetch(`http://127.0.0.1:${port}/metrics`).then(r => r.arrayBuffer()).catch(() => {}), 1000) : null;
      const cpuBefore = cpuSeconds(server.pid);
      const run = wrk(port, lua, Number(seconds), 8);
      const cpuUs = ((cpuSeconds(server.pid) - cpuBefore) * 1e6) / run.requests;
      if (scraper) clearInterval(scraper);
      if (run.non2xx > 0) throw new Error(`${mode}: ${run.non2xx} non-2xx answers`);
      results[mode].push(run.rps);
      cpu[mode].push(cpuUs);
      log(`${mode}: ${run.rps.toFixed(0)} req/s (${run.requests} requests), ${cpuUs.toFixed(0)} µs server CPU per request`);
      if (mode !== 'off') {
        const scrape = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        log(`${mode}: /metrics has ${scrape.split('\n').filter(l => l.startsWith('tradegraph_')).length} tradegraph_ samples`);
      }
    } finally {
      await stopServer(server);
    }
  }
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const mode of modes) {
  log(`key lookup, response cache off, ${mode}: ${results[mode].map(r => r.toFixed(0)).join(', ')} req/s; median ${median(results[mode]).toFixed(0)}; ` +
    `/off ${(median(results[mode]) / median(results.off)).toFixed(3)}; CPU per request median ${median(cpu[mode]).toFixed(0)} µs, /off ${(median(cpu[mode]) / median(cpu.off)).toFixed(3)}`);
}
