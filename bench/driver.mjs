// The side-by-side benchmark (issue 7), run by bench/run after it has installed and built everything:
//   node bench/driver.mjs [--sizes 10000,1000000] [--seed 7] [--quick] [--check] [--report] [--variables 1000]
//                         [--executed-only | --cached-only]
// For each size: data (generated once, cached under bench/.data/), the three servers on core 0 (TradeGraph on its
// SQLite store, the mercurius + graphql-jit peer from memory, the Kestrel ceiling of pre-recorded bytes), then two
// phases: executed (TradeGraph's response cache off, each request with the next of a seeded list of variable sets)
// and cached (response cache on, one fixed body per workload). In each: response bytes checked identical, wrk / hey
// from core 1, runs interleaved across servers, medians and ratios into bench/RESULTS.md (bench/report.mjs). The
// executed phase also measures one client alone (wrk -c1), the first analytics answer of a fresh server and the
// memory after every analytics field has run (bench/analytics.mjs).
// docs/decisions/0013-bench-harness.md says why it measures this way.
import { spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import { render, machine } from './report.mjs';
import { luaPath, sampleIndices, variableSets, variedLua } from './varied.mjs';
import { runAnalyticsFields, timeToFirstAnalyticsAnswer } from './analytics.mjs';
import { allocatedBytes, cpuSeconds, hey, jitMilliseconds, log, post, quietCore, requirePublishedApi, rssBytes, startServer, stopServer, waitFor, wrk, wrkLatency } from './processes.mjs';

const bench = dirname(fileURLToPath(import.meta.url));
const root = resolve(bench, '..');
const dataRoot = join(bench, '.data');
const argv = process.argv.slice(2);
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
const quick = argv.includes('--quick');
const checkOnly = argv.includes('--check'); // stop after the byte comparison: no load, no report
// The executed phase is the headline; either phase can be run alone (--no-response-cache is the old name of the first).
const executedOnly = argv.includes('--executed-only') || argv.includes('--no-response-cache');
const cachedOnly = argv.includes('--cached-only');
// Distinct variable sets per workload in the executed phase, and how many of them are byte-compared with the peer.
const variedCount = Number(option('--variables', '1000'));
const sizes = option('--sizes', '10000').split(',').map(s => Number(s.trim())).filter(n => n > 0);
const seed = Number(option('--seed', '7'));
const t = quick
  ? { warm: 3, warmMax: 30, run: 3, runs: 3, latency: 4, oneClient: 4, connections: 32 }
  : { warm: 5, warmMax: 90, run: 10, runs: 3, latency: 10, oneClient: 10, connections: 32 };
const sampleSize = quick ? 50 : 200;
const pacedConnections = 10; // the executed phase's fixed-rate latency run, as hey's 10 workers

const api = requirePublishedApi(); // Release, ReadyToRun: as deployed (bench/run publishes it)
const ceiling = join(bench, 'TradeGraph.Ceiling/bin/Release/net10.0/TradeGraph.Ceiling.dll');
const hook = join(bench, 'TradeGraph.BenchHook/bin/Release/net10.0/TradeGraph.BenchHook.dll');
const peer = join(bench, 'peers/mercurius/server.js');
const workloads = ['key-lookup', 'nested', 'filtered-page', 'search', 'shortest-path'];
// The executed phase adds an official's meetings (issue 13's one-client goal) and measures one client alone on these.
const executedWorkloads = [...workloads, 'official-meetings'];
const oneClientWorkloads = ['key-lookup', 'nested', 'filtered-page', 'search', 'official-meetings'];
const ports = { tradegraph: 4101, peer: 4102, ceiling: 4103, fresh: 4104 };
const serverNames = ['tradegraph', 'peer', 'ceiling'];

// ---------------------------------------------------------------------------------------------------------------
// Data: one function, so the source of the graph can change in one place. The scale generator
// (`TradeGraph.Api generate --relationships N --seed S --out <folder>`) when the build has it; otherwise the curated
// seed (exported from a seeded store), reported as such. The folder and its imported store are cached per size+seed.
async function prepareData(size) {
  const folder = join(dataRoot, `${size}-s${seed}`);
  const json = join(folder, 'json');
  const db = join(folder, 'store.db');
  const metaFile = join(folder, 'meta.json');
  // An unknown command prints the usage (exit 2) without starting anything: does this build list `generate`?
  const usage = spawnSync('dotnet', [api, 'bench-usage-probe'], { encoding: 'utf8' });
  const hasGenerator = `${usage.stdout}${usage.stderr}`.includes('generate');
  if (existsSync(metaFile) && existsSync(db)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    if (meta.source === 'generator' || !hasGenerator) return { ...meta, folder, json, db, cached: true };
  }

  rmSync(folder, { recursive: true, force: true });
  mkdirSync(json, { recursive: true });
  let source = 'generator';
  const generated = hasGenerator
    ? spawnSync('dotnet', [api, 'generate', '--relationships', String(size), '--seed', String(seed), '--out', json], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'inherit'] })
    : null;
  if (generated && generated.status !== 0) throw new Error(`generate failed (exit ${generated.status})`);
  if (!generated) {
    log(`no scale generator in this build; using the curated seed instead of ${size} relationships`);
    source = 'seed';
    // The seed reaches an export only through a seeded store: start the server once on an empty file, then export.
    const seeded = join(folder, 'seeded.db');
    const server = startServer('seed-once', 'dotnet', [api, `--Storage:Sqlite:Path=${seeded}`, '--Urls=http://127.0.0.1:4199'], { Logging__LogLevel__Default: 'Warning' });
    await waitFor('http://127.0.0.1:4199/health', null, 60_000, server);
    await stopServer(server);
    execFileSync('dotnet', [api, 'export', '--format', 'seed', '--out', join(json, 'seed.json'), `--Storage:Sqlite:Path=${seeded}`], { stdio: 'ignore' });
  }

  const files = readdirSync(json).filter(f => f.endsWith('.json'));
  let entities = 0;
  let relationships = 0;
  for (const f of files) {
    const doc = JSON.parse(readFileSync(join(json, f), 'utf8'));
    entities += doc.entities?.length ?? 0;
    relationships += doc.relationships?.length ?? 0;
  }

  log(`importing ${entities} entities and ${relationships} relationships into ${db}`);
  const started = process.hrtime.bigint();
  execFileSync('dotnet', [api, 'import', json, `--Storage:Sqlite:Path=${db}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  const importSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  // The import leaves embedding to the server (Semantic:EmbedOnImport=false); a MiniLM backfill of a large store takes over
  // an hour on the core being measured, so the bench store gets stand-in vectors (the model's id, real fingerprints, random
  // unit vectors): the server starts in its steady state. No workload ranks by meaning, so no answer depends on them.
  log('filling stand-in vectors (bench/TradeGraph.SemanticBenchmark fill-vectors)');
  execFileSync('dotnet', ['run', '-c', 'Release', '--project', join(root, 'bench', 'TradeGraph.SemanticBenchmark'), '--', 'fill-vectors', db],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  const meta = { size, seed, source, entities, relationships, importSeconds, importRate: relationships / importSeconds };
  writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  return { ...meta, folder, json, db, cached: false };
}

function gitCommit() {
  try {
    const head = execFileSync('git', ['-C', root, 'log', '-1', '--format=%h %s'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return `${head.slice(0, 90)}${dirty ? ' (with uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const startupSamples = 3; // odd, so the median is one of the starts

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = x => x.subarray(Math.max(0, i - 40), i + 80).toString('utf8');
  return `first difference at byte ${i} (lengths ${a.length} / ${b.length}):\n  expected …${around(a)}…\n  got      …${around(b)}…`;
}

// ---------------------------------------------------------------------------------------------------------------
// Variables per data set, read from the data itself, so they work on the seed and on any generated size.
function loadGraph(json) {
  const entities = [];
  const relationships = [];
  for (const f of readdirSync(json).filter(x => x.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(join(json, f), 'utf8'));
    for (const e of doc.entities ?? []) entities.push(e); // not push(...x): a million arguments overflow the stack
    for (const r of doc.relationships ?? []) relationships.push(r);
  }
  return { entities, relationships };
}

// The fixed variables of the cached table (and the ceiling's shortest path): one representative set per workload.
function chooseVariables({ entities, relationships }) {
  const degree = new Map();
  for (const r of relationships) {
    degree.set(r.from, (degree.get(r.from) ?? 0) + 1);
    degree.set(r.to, (degree.get(r.to) ?? 0) + 1);
  }
  const byDegree = kind => entities.filter(e => e.kind === kind)
    .sort((a, b) => (degree.get(b.key) ?? 0) - (degree.get(a.key) ?? 0) || (a.key < b.key ? -1 : 1));
  const officials = byDegree('Official');
  const top = officials[0];
  const meetings = entities.filter(e => e.kind === 'Meeting' && e.properties?.format && e.properties?.startsOn);
  const formats = new Map();
  for (const m of meetings) formats.set(m.properties.format, (formats.get(m.properties.format) ?? 0) + 1);
  const format = [...formats].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  const dates = meetings.filter(m => m.properties.format === format).map(m => m.properties.startsOn).sort();
  const commodity = entities.find(e => e.key === 'commodity-1') ?? byDegree('Commodity')[0];
  return {
    'key-lookup': { id: Buffer.from(`Official:${top.key}`).toString('base64') },
    nested: {},
    // the median date of the commonest format: a page of 20 out of about half that format's meetings
    'filtered-page': { format, from: dates[Math.floor(dates.length / 2)] },
    search: { text: commodity.name.split(/\s+/)[0] },
    // to: settled below, against the running server (the farthest of a few low-degree officials)
    'shortest-path': { from: top.key, to: null, candidates: officials.slice(-12).reverse().map(o => o.key) },
  };
}

const query = w => readFileSync(join(bench, 'workloads', `${w}.graphql`), 'utf8');
const bodyOf = (w, variables) => JSON.stringify({ query: query(w), variables });
// The executed tables draw nested's variable per request, so they use its variant with a `before` day.
const variedDocument = w => (w === 'nested' ? 'nested-varied' : w);
const typenameBody = JSON.stringify({ query: '{ __typename }' });

// ---------------------------------------------------------------------------------------------------------------
// One size: data, the peer (from memory, for both phases), then the executed phase and the cached phase, each with its
// own TradeGraph (response cache off / on) and its own ceiling (the bytes TradeGraph recorded in that phase).
async function runSize(size) {
  log(`size ${size}: preparing data`);
  const data = await prepareData(size);
  log(`data: ${data.source}, ${data.entities} entities, ${data.relationships} relationships${data.cached ? ' (cached)' : `, imported in ${data.importSeconds.toFixed(1)} s`}`);
  const run = join(data.folder, 'run');
  rmSync(run, { recursive: true, force: true });
  mkdirSync(run, { recursive: true });
  const graph = loadGraph(data.json);
  const ctx = { size, data, run, variables: chooseVariables(graph), sets: variableSets(graph.entities, seed, variedCount) };
  for (const w of executedWorkloads) {
    if (ctx.sets[w].length < variedCount) log(`${w}: only ${ctx.sets[w].length} distinct variable sets in this data set (asked for ${variedCount})`);
  }
  const probe = bodyOf('key-lookup', ctx.variables['key-lookup']);
  const peerServer = startServer('peer', 'node', [peer, '--data', data.json, '--port', String(ports.peer)], { NODE_ENV: 'production' });
  try {
    ctx.peerStartup = await waitFor(`http://127.0.0.1:${ports.peer}/graphql`, probe, 120_000, peerServer);
    ctx.peer = peerServer;
    const results = [];
    for (const mode of cachedOnly ? ['cached'] : executedOnly ? ['executed'] : ['executed', 'cached']) {
      const result = await runPhase(mode, ctx);
      if (result) {
        results.push(result);
        mkdirSync(join(dataRoot, 'results'), { recursive: true });
        writeFileSync(join(dataRoot, 'results', `${size}-${mode}.json`), JSON.stringify(result, null, 2));
      }
    }
    return results;
  } finally {
    await stopServer(peerServer);
  }
}

async function startTradeGraph(dir, db, responseCache) {
  const allocFile = join(dir, 'tradegraph.alloc');
  const server = startServer('tradegraph', 'dotnet', [api, `--Storage:Sqlite:Path=${db}`, `--Urls=http://127.0.0.1:${ports.tradegraph}`,
    '--Seed:LoadWhenEmpty=false', '--Analytics:MaxProjectionSize=10000000', '--Analytics:TimeLimit=00:01:00',
    `--GraphQL:ResponseCache:Enabled=${responseCache}`], {
    ASPNETCORE_ENVIRONMENT: 'Production', Logging__LogLevel__Default: 'Warning', Logging__LogLevel__Microsoft: 'Warning',
    DOTNET_STARTUP_HOOKS: hook, BENCH_ALLOC_FILE: allocFile,
  });
  server.allocFile = allocFile;
  return server;
}

// First analytics answer after start (issue 13): a fresh TradeGraph on the store with the default settings (so the
// analytics projection is warmed in the background at start, Analytics:WarmOnStart), pinned to core 0 as the others
// are, alone but for the idle peer; from spawn until the officials by PageRank answer without errors.
async function firstAnalyticsAnswer(db) {
  const server = startServer('tradegraph (fresh, analytics)', 'dotnet', [api, `--Storage:Sqlite:Path=${db}`,
    `--Urls=http://127.0.0.1:${ports.fresh}`, '--Seed:LoadWhenEmpty=false', '--GraphQL:ResponseCache:Enabled=false'], {
    ASPNETCORE_ENVIRONMENT: 'Production', Logging__LogLevel__Default: 'Warning', Logging__LogLevel__Microsoft: 'Warning',
  });
  try {
    return await timeToFirstAnalyticsAnswer(`http://127.0.0.1:${ports.fresh}/graphql`, server, 120_000);
  } finally {
    await stopServer(server);
  }
}

// The shortest path's fixed target: the low-degree official farthest from the busiest one (within maxHops), so the
// workload walks a real path rather than finding none.
async function settleShortestPath(variables) {
  const sp = variables['shortest-path'];
  if (sp.to) return;
  let best = null;
  for (const to of sp.candidates) {
    const r = await post(`http://127.0.0.1:${ports.tradegraph}/graphql`, bodyOf('shortest-path', { from: sp.from, to }));
    const answer = JSON.parse(r.bytes);
    // An error here (PROJECTION_TOO_LARGE, a time limit) is the same for every candidate: stop at once and say it.
    if (answer.errors) throw new Error(`TradeGraph refuses the shortest-path workload: ${JSON.stringify(answer.errors[0]).slice(0, 400)}`);
    const length = answer.data?.shortestPath?.length ?? 0;
    if (length > (best?.length ?? 0)) best = { to, length };
  }
  variables['shortest-path'] = { from: sp.from, to: best?.to ?? sp.candidates[0] };
}

async function answerOf(port, body, who, w) {
  const r = await post(`http://127.0.0.1:${port}/graphql`, body);
  const text = r.bytes.toString('utf8');
  if (r.status !== 200 || text.includes('"errors"')) throw new Error(`${who} answered ${w} with ${r.status}: ${text.slice(0, 400)} (request ${body.slice(-200)})`);
  return r.bytes;
}

async function runPhase(mode, { size, data, run, variables, sets, peer: peerServer, peerStartup }) {
  const executed = mode === 'executed';
  log(`size ${size}, ${executed ? 'executed: response cache off, variables drawn per request' : 'cached: response cache on, fixed bodies'}`);
  const loadBefore = os.loadavg()[0];
  const dir = join(run, mode);
  const ceilingDir = join(dir, 'ceiling');
  mkdirSync(ceilingDir, { recursive: true });
    const servers = { peer: peerServer };
  const startup = { peer: peerStartup };
  try {
    const firstAnalytics = executed && !checkOnly ? await firstAnalyticsAnswer(data.db) : null;
    if (firstAnalytics) {
      const rejected = firstAnalytics.rejected ? ` (after ${firstAnalytics.rejected} answer(s) with errors, the first: ${firstAnalytics.firstRejection.error.slice(0, 200)})` : '';
      log(`first analytics answer after start: ${firstAnalytics.ms === null ? firstAnalytics.error : `${firstAnalytics.ms.toFixed(0)} ms${rejected}`}`);
    }
    // Start-up to the first answer varies by ±150 ms from one start to the next on this shared machine (decision 0017,
    // item 46), so the figure is the median of three fresh starts, each listed; the last start serves the phase.
    const firstAnswer = server => waitFor(`http://127.0.0.1:${ports.tradegraph}/graphql`, bodyOf('key-lookup', variables['key-lookup']), 120_000, server);
    // Each start waits for a quiet core first: the phase before, or the trial server just stopped, may still be ending.
    const starts = [];
    const quiet = [];
    const timedStart = async () => {
      if (!checkOnly) {
        const settled = await quietCore();
        quiet.push(settled.quiet);
        if (!settled.quiet) log(`core 0 still busy after ${settled.seconds} s; timing TradeGraph's start-up all the same`);
      }
      const server = await startTradeGraph(dir, data.db, !executed);
      starts.push(await firstAnswer(server));
      return server;
    };
    for (let i = 1; i < (checkOnly ? 1 : startupSamples); i++) {
      await stopServer(await timedStart());
    }
    servers.tradegraph = await timedStart();
    startup.tradegraph = median(starts);
    startup.tradegraphStarts = starts;
    startup.tradegraphQuiet = quiet;
    await settleShortestPath(variables);

    const phaseWorkloads = executed ? [...executedWorkloads, 'typename'] : workloads;
    // Per workload: the bodies TradeGraph and the peer are driven with, and the one fixed body the ceiling replays.
    const varied = Object.fromEntries((executed ? executedWorkloads : workloads).map(w => [w, executed
      ? sets[w].map(v => JSON.stringify({ query: query(variedDocument(w)), variables: v }))
      : [bodyOf(w, variables[w])]]));
    varied.typename = [typenameBody];
    const fixed = Object.fromEntries(phaseWorkloads.map(w => [w, varied[w][0]]));

    const expected = {};
    const roundTrips = {};
    for (const w of phaseWorkloads) {
      expected[w] = await answerOf(ports.tradegraph, fixed[w], 'TradeGraph', w);
      writeFileSync(join(ceilingDir, `${w}.request.json`), fixed[w]);
      writeFileSync(join(ceilingDir, `${w}.response.json`), expected[w]);
      writeFileSync(join(dir, `${w}.body.json`), fixed[w]);
      const cost = await post(`http://127.0.0.1:${ports.tradegraph}/graphql`, fixed[w], { 'GraphQL-Cost': 'report' });
      roundTrips[w] = JSON.parse(cost.bytes).extensions?.operationCost?.storeRoundTrips ?? null;
    }

    const ceilingAlloc = join(dir, 'ceiling.alloc');
    servers.ceiling = startServer('ceiling', 'dotnet', [ceiling, `--responses=${ceilingDir}`, `--urls=http://127.0.0.1:${ports.ceiling}`], {
      ASPNETCORE_ENVIRONMENT: 'Production', DOTNET_STARTUP_HOOKS: hook, BENCH_ALLOC_FILE: ceilingAlloc,
    });
    servers.ceiling.allocFile = ceilingAlloc;
    startup.ceiling = await waitFor(`http://127.0.0.1:${ports.ceiling}/graphql`, fixed['key-lookup'], 120_000, servers.ceiling);
    log(`started: ${serverNames.map(s => `${s} ${startup[s].toFixed(0)} ms`).join(', ')} (TradeGraph's starts: ${starts.map(t => t.toFixed(0)).join(', ')} ms)`);

    // Same bytes, or stop: the ceiling on its fixed body; the peer on a sample spread over the varied list.
    const identity = {};
    const hashes = {};
    const serversOf = {};
    for (const w of phaseWorkloads) {
      hashes[w] = createHash('sha256').update(expected[w]).digest('hex');
      serversOf[w] = [...serverNames];
      const ceilingBytes = (await post(`http://127.0.0.1:${ports.ceiling}/graphql`, fixed[w])).bytes;
      if (!ceilingBytes.equals(expected[w])) throw new Error(`the ceiling does not replay ${w}'s bytes; ${firstDifference(expected[w], ceilingBytes)}`);
      const sample = sampleIndices(varied[w].length, sampleSize);
      for (const i of sample) {
        const mine = i === 0 ? expected[w] : await answerOf(ports.tradegraph, varied[w][i], 'TradeGraph', w);
        const theirs = (await post(`http://127.0.0.1:${ports.peer}/graphql`, varied[w][i])).bytes;
        if (!theirs.equals(mine)) {
          if (w === 'typename') { serversOf[w] = ['tradegraph', 'ceiling']; break; } // not a peer workload: it is measured against the ceiling
          throw new Error(`the peer does not answer ${w} with TradeGraph's bytes for ${varied[w][i].slice(-160)}; ${firstDifference(mine, theirs)}`);
        }
      }
      identity[w] = executed
        ? `${serversOf[w].includes('peer') ? `TradeGraph = peer on ${sample.length} of ${varied[w].length}` : 'peer not compared'}; ceiling on 1 fixed`
        : `all three, sha256 \`${hashes[w].slice(0, 16)}\``;
      log(`${w}: ${identity[w]}; ${roundTrips[w]} store round trips`);
    }

    if (checkOnly) return null;

    // Warm-up (tiered JIT and PGO in .NET, graphql-jit's compile in Node), then rounds interleaved across servers
    // (A B C, A B C, …) so drift on a shared machine spreads over all three.
    const bodiesFor = (s, w) => (s === 'ceiling' ? [fixed[w]] : varied[w]);
    const lua = {};
    for (const w of phaseWorkloads) for (const s of serversOf[w]) lua[`${s}/${w}`] = variedLua(luaPath(dir, `${s}-${w}`), bodiesFor(s, w));
    // Warm-up until steady: windows of t.warm s until one is no faster than the one before (+3 %), at most t.warmMax s.
    // A fixed 10 s was not enough for .NET on one core: the runtime delays tier-1 compilation ten times longer on a
    // single-CPU process and restarts the delay whenever a new method is compiled, so TradeGraph ran at tier 0 for
    // about 40 s of load (decision 0017). Both servers get the same rule; the time each took is reported.
    // For a .NET server the rate alone can settle while tiered compilation is still under way (a plateau between its
    // bursts): a process measured then paid for the JIT and for unoptimised code in its CPU per request, which made the
    // filtered page bimodal per process (≈ 74 or 110 µs). So a window also counts as warm only once the JIT spent under
    // 1 % of it compiling (the startup hook reports the JIT's time); a workload still compiling at t.warmMax is logged.
    const warmup = Object.fromEntries(serverNames.map(s => [s, 0]));
    for (const w of phaseWorkloads) {
      for (const s of serversOf[w]) {
        let previous = 0;
        let compiling = false;
        for (let spent = 0; spent < t.warmMax; spent += t.warm) {
          const jit0 = jitMilliseconds(servers[s]);
          const r = wrk(ports[s], lua[`${s}/${w}`], t.warm, t.connections);
          await sleep(150); // the startup hook writes its figures every 100 ms
          const jit1 = jitMilliseconds(servers[s]);
          warmup[s] += t.warm;
          compiling = jit0 !== null && jit1 !== null && jit1 - jit0 > t.warm * 1000 * 0.01;
          if (spent > 0 && r.rps <= previous * 1.03 && !compiling) break;
          previous = r.rps;
        }
        if (compiling) log(`  ${s} ${w}: the JIT was still compiling after ${t.warmMax} s of warm-up`);
      }
    }
    log(`warmed up: ${serverNames.map(s => `${s} ${warmup[s]} s`).join(', ')}`);
    const runs = Object.fromEntries(serverNames.map(s => [s, Object.fromEntries(phaseWorkloads.map(w => [w, []]))]));
    for (let round = 1; round <= t.runs; round++) {
      for (const w of phaseWorkloads) {
        for (const s of serversOf[w]) {
          const server = servers[s];
          const cpu0 = cpuSeconds(server.pid);
          const alloc0 = allocatedBytes(server);
          const r = wrk(ports[s], lua[`${s}/${w}`], t.run, t.connections);
          await sleep(250); // the startup hook writes its figure every 100 ms
          const cpu = cpuSeconds(server.pid) - cpu0;
          const alloc1 = allocatedBytes(server);
          runs[s][w].push({ ...r, cpuUsPerRequest: (cpu * 1e6) / r.requests, allocPerRequest: alloc0 === null ? null : (alloc1 - alloc0) / r.requests });
          if (r.non2xx || r.socketErrors) log(`  ${s} ${w}: ${r.non2xx} non-2xx, socket errors ${r.socketErrors}`);
        }
        log(`round ${round} ${w}: ${serversOf[w].map(s => `${s} ${runs[s][w].at(-1).rps.toFixed(0)}`).join(', ')} rps`);
      }
    }

    // Latency at a fixed offered rate: 1,000 rps, or half the slowest server's maximum when that is lower. Executed:
    // wrk paced over the varied bodies (hey sends one body); cached: hey over the fixed body, as before.
    const latency = {};
    const rates = {};
    for (const w of phaseWorkloads) {
      const slowest = Math.min(...serversOf[w].map(s => median(runs[s][w].map(r => r.rps))));
      rates[w] = Math.max(10, Math.min(1000, Math.floor(slowest / 2 / 10) * 10));
      for (const s of serversOf[w]) {
        latency[`${s}/${w}`] = executed
          ? wrkLatency(ports[s], variedLua(luaPath(dir, `${s}-${w}-paced`), bodiesFor(s, w), (pacedConnections * 1000) / rates[w]), t.latency, pacedConnections)
          : hey(ports[s], join(dir, `${w}.body.json`), rates[w], t.latency);
      }
      log(`latency ${w} at ${rates[w]} rps: ${serversOf[w].map(s => `${s} p50 ${latency[`${s}/${w}`].p50.toFixed(2)} p99 ${latency[`${s}/${w}`].p99.toFixed(2)} ms`).join(', ')}`);
    }

    // One client alone (issue 13's 1M latency goals): wrk -c1, unpaced, over the same varied bodies, interleaved.
    const oneClient = {};
    if (executed) {
      for (const w of oneClientWorkloads) {
        for (const s of serversOf[w].filter(x => x !== 'ceiling')) {
          const r = wrkLatency(ports[s], lua[`${s}/${w}`], t.oneClient, 1);
          oneClient[`${s}/${w}`] = { p50: r.p50, p99: r.p99, requests: r.requests, errors: r.non2xx };
          if (r.non2xx) log(`  ${s} ${w} (one client): ${r.non2xx} non-2xx`);
        }
        log(`one client ${w}: ${serversOf[w].filter(x => x !== 'ceiling').map(s => `${s} p50 ${oneClient[`${s}/${w}`].p50.toFixed(2)} p99 ${oneClient[`${s}/${w}`].p99.toFixed(2)} ms`).join(', ')}`);
      }
    }

    const rss = Object.fromEntries(serverNames.map(s => [s, rssBytes(servers[s].pid)]));
    // Then every analytics field once on the measured TradeGraph, and its memory again: the figure the goal is about.
    let analytics = null;
    let rssAfterAnalytics = null;
    let rssSettled = null;
    if (executed) {
      analytics = await runAnalyticsFields(`http://127.0.0.1:${ports.tradegraph}/graphql`, variables['shortest-path'].from, variables['shortest-path'].to);
      rssAfterAnalytics = rssBytes(servers.tradegraph.pid);
      // And what the server keeps: 10 s later, with no request meanwhile (the idle compaction, Memory:*, has run by then).
      await new Promise(resolve => setTimeout(resolve, 10_000));
      rssSettled = rssBytes(servers.tradegraph.pid);
      log(`analytics fields: ${analytics.map(a => `${a.name} ${a.error ? `error ${a.error.slice(0, 120)}` : `${a.ms.toFixed(0)} ms`}`).join(', ')}`);
      log(`RSS: ${(rss.tradegraph / 2 ** 20).toFixed(0)} MB after the workloads, ${(rssAfterAnalytics / 2 ** 20).toFixed(0)} MB right after the analytics fields, ${(rssSettled / 2 ** 20).toFixed(0)} MB 10 s later`);
    }
    return {
      mode, size, seed, date: new Date().toISOString(), quick, settings: t, commit: gitCommit(), data: { source: data.source, entities: data.entities, relationships: data.relationships,
        importSeconds: data.importSeconds, importRate: data.importRate },
      load: { before: loadBefore, after: os.loadavg()[0] }, workloads: phaseWorkloads, variables, distinct: executed ? Object.fromEntries(executedWorkloads.map(w => [w, sets[w].length])) : {},
      identity, hashes, bytes: Object.fromEntries(phaseWorkloads.map(w => [w, expected[w].length])), roundTrips, startup, rss, rates, warmup,
      ...(executed ? { oneClient, firstAnalytics, analytics, rssAfterAnalytics, rssSettled } : {}),
      servers: Object.fromEntries(serverNames.map(s => [s, Object.fromEntries(phaseWorkloads.filter(w => serversOf[w].includes(s)).map(w => {
        const rs = runs[s][w];
        const allocs = rs.map(r => r.allocPerRequest).filter(x => x !== null);
        return [w, {
          rps: median(rs.map(r => r.rps)), runs: rs.map(r => Math.round(r.rps)), errors: rs.reduce((n, r) => n + r.non2xx, 0),
          cpuUsPerRequest: median(rs.map(r => r.cpuUsPerRequest)), allocPerRequest: allocs.length ? median(allocs) : null,
          p50: latency[`${s}/${w}`].p50, p99: latency[`${s}/${w}`].p99,
        }];
      }))])),
    };
  } finally {
    for (const s of ['tradegraph', 'ceiling']) if (servers[s]) await stopServer(servers[s]);
  }
}

// ---------------------------------------------------------------------------------------------------------------
mkdirSync(dataRoot, { recursive: true });
// --report only rewrites RESULTS.md from the phases already measured.
if (!argv.includes('--report')) for (const size of sizes) await runSize(size);
if (checkOnly) {
  log('every workload answered with identical bytes (the peer on a sample of the varied requests, the ceiling on its fixed body)');
  process.exit(0);
}
// Results from before the executed/cached split (<size>.json) have no mode and are left out.
const saved = existsSync(join(dataRoot, 'results'))
  ? readdirSync(join(dataRoot, 'results')).filter(f => f.endsWith('.json')).map(f => JSON.parse(readFileSync(join(dataRoot, 'results', f), 'utf8'))).filter(r => r.mode)
  : [];
writeFileSync(join(bench, 'RESULTS.md'), render(saved, machine()));
log(`wrote ${join(bench, 'RESULTS.md')}`);
