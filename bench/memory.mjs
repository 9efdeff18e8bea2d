#!/usr/bin/env node
// Memory by component (issue 13): starts the Release server on a COPY of a store, times the first analytics answer
// from spawn (as bench/run does), waits for the read model, runs a few hundred varied requests of each executed
// workload, then every analytics field once, and prints the RSS and the GC's view after each step. Extra arguments
// go to the server, so a component can be switched off (e.g. --Semantic:Enabled=false, --Storage:ReadModel:Enabled=false).
//
//   node bench/memory.mjs <store copy> <port> [server args…]
// Environment: API=<TradeGraph.Api.dll> runs another build (e.g. a copy of the base's bin); SEMANTIC=1 adds, after the
// analytics fields, 50 SEMANTIC and HYBRID searches and similarEntities(by: EMBEDDING): the first loads the model (timed).
// COUNTERS=<dotnet-counters> (and COUNTERS_OUT=<dir>) adds the GC's figures at the end; GCDUMP=<dotnet-gcdump>
// (GCDUMP_OUT=<dir>) writes a heap dump (lossy on a heap this large with .NET 10). LOAD=<lua dir> (from
// `node /work/tools/bodies.mjs <data folder> <dir>`) adds, after the varied requests, LOAD_SECONDS (10) of `wrk -c32` per
// workload as bench/run's throughput runs do (the bench keeps more memory than the lighter run: issue 13).
// SMAPS=1 prints the resident memory by mapping (bench/smaps.mjs) after the 10 s and 30 s steps. IDLE_BEFORE_FIELDS=<s>
// waits that long before the analytics fields (the idle compaction runs first: what the fields leave, on its own).
// After each analytics field: RSS read the moment it answered, and (from the bench hook, read 120 ms later) the managed
// heap as it is (garbage included), what the GC committed at its last collection, the bytes allocated during the field
// the gen2 collections it saw and their pause time, when FIELD_PAUSE=<ms> (120 is enough) is set: one field at a time, each
// followed by that pause. Without it the fields run back to back as bench/driver.mjs runs them (RSS the moment the last answered).
// Not a timed test: short, one server, figures indicative (state the load average with them).
import { setTimeout as sleep } from 'node:timers/promises';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { startServer, stopServer, post, rssBytes, cpuSeconds, log, wrk } from './processes.mjs';
import { residentByMapping } from './smaps.mjs';
import { analyticsFields, runAnalyticsFields, timeToFirstAnalyticsAnswer } from './analytics.mjs';

const [db, port, ...extra] = process.argv.slice(2);
const api = process.env.API ?? new URL('../src/TradeGraph.Api/bin/Release/net10.0/TradeGraph.Api.dll', import.meta.url).pathname;
const url = `http://127.0.0.1:${port}/graphql`;
const mb = b => `${(b / 2 ** 20).toFixed(0)} MB`;
const sql = q => execFileSync('sqlite3', ['-readonly', db, q], { encoding: 'utf8' }).trim().split('\n');

const officials = sql("select key from entities where kind = 'Official' order by random() limit 300");
const names = sql("select name from entities where kind <> 'Source' order by random() limit 300");
const id = key => Buffer.from(`Official:${key}`).toString('base64');
const workloads = {
  'key lookup': k => ({ query: 'query($id: ID!) { node(id: $id) { id ... on Official { key name title country { key name isoCode } } } }', variables: { id: id(officials[k]) } }),
  'official meetings': k => ({ query: 'query($id: ID!) { node(id: $id) { id ... on Official { key name meetings(first: 20) { nodes { key name startsOn } } } } }', variables: { id: id(officials[k]) } }),
  'filtered page': k => ({ query: 'query($f: MeetingFormat!, $from: Date!) { meetings(first: 20, where: { format: { eq: $f }, startsOn: { gte: $from } }, order: [{ startsOn: DESC }, { name: ASC }]) { totalCount nodes { key name startsOn status } } }', variables: { f: ['SUMMIT', 'TRADE_TALKS', 'LEADERS_MEETING', 'PULL_ASIDE'][k % 4], from: `20${10 + (k % 15)}-0${1 + (k % 9)}-01` } }),
  nested: k => ({ query: 'query($before: Date!) { meetings(first: 20, where: { startsOn: { lte: $before } }, order: [{ startsOn: DESC }]) { nodes { key name startsOn participants(first: 10) { nodes { key name country { key name isoCode } } } } } }', variables: { before: `20${10 + (k % 15)}-0${1 + (k % 9)}-15` } }),
  search: k => ({ query: 'query($text: String!) { searchEntities(text: $text, first: 10) { nodes { node { __typename key name } } } }', variables: { text: names[k].split(' ')[0] } }),
  'shortest path': k => ({ query: 'query($from: String!, $to: String!) { shortestPath(from: $from, to: $to, maxHops: 6) { length } }', variables: { from: officials[k], to: officials[(k + 1) % officials.length] } }),
};

// The bench hook (bench/run builds it) reports allocation, GC counts and the heap every 100 ms.
const hook = new URL('./TradeGraph.BenchHook/bin/Release/net10.0/TradeGraph.BenchHook.dll', import.meta.url).pathname;
const allocFile = `/tmp/memory-${port}-${process.pid}.alloc`;
const server = startServer('tradegraph', 'dotnet', [api, `--Storage:Sqlite:Path=${db}`, `--Urls=http://127.0.0.1:${port}`,
  '--Seed:LoadWhenEmpty=false', '--GraphQL:ResponseCache:Enabled=false', '--Analytics:MaxProjectionSize=10000000', ...extra],
  { ASPNETCORE_ENVIRONMENT: 'Production', Logging__LogLevel__Default: 'Warning', Logging__LogLevel__Microsoft: 'Warning',
    ...(existsSync(hook) ? { DOTNET_STARTUP_HOOKS: hook, BENCH_ALLOC_FILE: allocFile } : {}) });
// The hook's line: allocated, gen0, gen1, gen2 collections, JIT methods, JIT ms, heap now, committed at the last GC,
// the collections' total pause in ms.
const gc = () => {
  if (!existsSync(allocFile)) return null;
  const f = readFileSync(allocFile, 'utf8').trim().split(' ').map(Number);
  if (f.length < 9) return null; // a hook built before it reported the heap
  return { allocated: f[0], gen2: f[3], heap: f[6], committed: f[7], pauseMs: f[8] };
};
// RSS split as the kernel counts it: anonymous (GC heap, native heaps) and file-backed (the runtime's and app's images, mapped files).
const rssParts = pid => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = name => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return `anon ${mb(kb('RssAnon'))} file ${mb(kb('RssFile'))}`;
};
const report = step => {
  const g = gc();
  log(`${step}: RSS ${mb(rssBytes(server.pid))} (${rssParts(server.pid)})${g ? `, heap ${mb(g.heap)}, committed ${mb(g.committed)}` : ''}, CPU ${cpuSeconds(server.pid).toFixed(1)} s, load ${os.loadavg()[0].toFixed(2)}`);
};
try {
  log(`load ${os.loadavg().map(l => l.toFixed(2)).join(' ')}; server args: ${extra.join(' ') || '(defaults)'}`);
  const first = await timeToFirstAnalyticsAnswer(url, server, 120_000);
  log(`first analytics answer: ${first.ms === null ? first.error : `${first.ms.toFixed(0)} ms`} (rejected polls: ${first.rejected ?? 0})`);
  report('after first analytics');
  // Let the read model load (it starts after the analytics snapshot); settle when the CPU stops moving.
  let last = -1;
  for (let i = 0; i < 18; i++) {
    await sleep(5000);
    const cpu = cpuSeconds(server.pid);
    if (cpu - last < 0.5) break;
    last = cpu;
  }
  report('settled after start');
  for (const [name, body] of Object.entries(workloads)) {
    let errors = 0;
    for (let k = 0; k < 300; k++) {
      const r = await post(url, JSON.stringify(body(k)));
      if (r.status !== 200 || r.bytes.includes('"errors"')) errors++;
    }
    report(`after 300 × ${name}${errors ? ` (${errors} with errors)` : ''}`);
  }
  if (process.env.LOAD) {
    const seconds = Number(process.env.LOAD_SECONDS ?? 10);
    for (const w of ['key-lookup', 'official-meetings', 'nested', 'filtered-page', 'search', 'shortest-path', 'typename']) {
      const r = wrk(port, `${process.env.LOAD}/${w}.lua`, seconds, 32);
      report(`after ${seconds} s of wrk -c32 × ${w} (${r.rps.toFixed(0)} req/s${r.non2xx ? `, ${r.non2xx} non-2xx` : ''})`);
    }
  }
  if (process.env.IDLE_BEFORE_FIELDS) {
    // An idle gap before the fields: the idle compaction runs in it, so the fields' garbage is measured on its own.
    await sleep(Number(process.env.IDLE_BEFORE_FIELDS) * 1000);
    report(`after ${process.env.IDLE_BEFORE_FIELDS} s idle`);
  }
  const pause = Number(process.env.FIELD_PAUSE ?? 0);
  if (pause > 0) {
    // One field at a time, each with its own reading: which field lifts the RSS and the heap, and by how much.
    let before = (await sleep(pause), gc());
    for (const [name, query] of analyticsFields(officials[0], officials[1])) {
      const [call] = await runAnalyticsFields(url, officials[0], officials[1], [[name, query]]);
      const rss = rssBytes(server.pid);
      await sleep(pause);
      const after = gc();
      const heap = after && before ? `, heap ${mb(after.heap)}, committed ${mb(after.committed)}, allocated ${mb(after.allocated - before.allocated)}, gen2 +${after.gen2 - before.gen2}, GC pause +${after.pauseMs - before.pauseMs} ms` : '';
      log(`  ${name}: ${call.ms.toFixed(0)} ms${call.error ? ` ERROR ${call.error.slice(0, 200)}` : ''}; RSS ${mb(rss)}${heap}`);
      before = after;
    }
  } else {
    const before = gc();
    const calls = await runAnalyticsFields(url, officials[0], officials[1]);
    const rss = rssBytes(server.pid);
    for (const c of calls) log(`  ${c.name}: ${c.ms.toFixed(0)} ms${c.error ? ` ERROR ${c.error.slice(0, 200)}` : ''}`);
    await sleep(120);
    const after = gc();
    log(`  RSS the moment the last field answered: ${mb(rss)}${after && before ? `; during the fields gen2 +${after.gen2 - before.gen2}, GC pause +${after.pauseMs - before.pauseMs} ms` : ''}`);
  }
  report('after every analytics field');
  await sleep(3000);
  report('3 s later');
  // An idle server compacts after Memory:IdleCompactionAfterSeconds (2) once its heap grew (IdleHeapCompaction).
  await sleep(7000);
  report('10 s later');
  if (process.env.SMAPS) log(`resident by mapping 10 s later:\n${residentByMapping(server.pid)}`);
  await sleep(20000);
  report('30 s later');
  if (process.env.SMAPS) log(`resident by mapping 30 s later:\n${residentByMapping(server.pid)}`);
  if (process.env.SEMANTIC) {
    // The model is loaded by the first request that ranks by meaning: that request's time includes the load.
    const semantic = k => ({ query: 'query($text: String!, $mode: SearchMode!) { searchEntities(text: $text, mode: $mode, first: 10) { nodes { score node { key } } } }', variables: { text: names[k], mode: k % 2 ? 'HYBRID' : 'SEMANTIC' } });
    let errors = 0;
    for (let k = 0; k < 50; k++) {
      const started = process.hrtime.bigint();
      const r = await post(url, JSON.stringify(semantic(k)));
      if (r.status !== 200 || r.bytes.includes('"errors"')) errors++;
      if (k < 2) log(`  semantic search ${k + 1}: ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms`);
    }
    const similar = await post(url, JSON.stringify({ query: `{ similarEntities(key: ${JSON.stringify(officials[0])}, by: EMBEDDING, first: 10) { score } }` }));
    if (similar.status !== 200 || similar.bytes.includes('"errors"')) errors++;
    report(`after 50 semantic searches and similarEntities(by: EMBEDDING)${errors ? ` (${errors} with errors)` : ''}`);
    await sleep(3000);
    report('3 s later');
  }
  if (process.env.COUNTERS) {
    // The runtime's own view: managed heap after the last GC, what the GC has committed, fragmentation.
    const csv = `${process.env.COUNTERS_OUT ?? '/tmp'}/counters-${server.pid}.csv`;
    execFileSync(process.env.COUNTERS, ['collect', '-p', String(server.pid), '--counters', 'System.Runtime', '--duration', '00:00:00:04', '--format', 'csv', '-o', csv], { stdio: 'ignore' });
    const rows = execFileSync('sh', ['-c', `grep -E 'heap.size|committed|fragmentation|working_set|gc.heap' ${csv} | tail -12`], { encoding: 'utf8' });
    log(`counters:\n${rows}`);
  }
  if (process.env.GCDUMP) {
    execFileSync(process.env.GCDUMP, ['collect', '-p', String(server.pid), '-o', `${process.env.GCDUMP_OUT ?? '/tmp'}/heap.gcdump`], { stdio: 'inherit' });
    report('after gcdump (a full GC)');
  }
} finally {
  await stopServer(server);
}
