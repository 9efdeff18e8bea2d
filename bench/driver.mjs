// The side-by-side benchmark (issue 7), run by bench/run after it has installed and built everything:
//   node bench/driver.mjs [--sizes 10000,1000000] [--seed 7] [--quick] [--check] [--report]
// For each size: data (generated once, cached under bench/.data/), the three servers on core 0 (TradeGraph on its
// SQLite store, the mercurius + graphql-jit peer from memory, the Kestrel ceiling of pre-recorded bytes), identical
// response bytes checked, then wrk / hey from core 1, runs interleaved across servers, medians and ratios into
// bench/RESULTS.md. docs/decisions/0013-bench-harness.md says why it measures this way.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';

const bench = dirname(fileURLToPath(import.meta.url));
const root = resolve(bench, '..');
const dataRoot = join(bench, '.data');
const argv = process.argv.slice(2);
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
const quick = argv.includes('--quick');
const checkOnly = argv.includes('--check'); // stop after the byte comparison: no load, no report
// TradeGraph answers repeated queries from its response cache (on by default); this measures executing them instead.
const noResponseCache = argv.includes('--no-response-cache');
const sizes = option('--sizes', '10000').split(',').map(s => Number(s.trim())).filter(n => n > 0);
const seed = Number(option('--seed', '7'));
const t = quick
  ? { warm: 3, run: 3, runs: 3, latency: 4, connections: 32 }
  : { warm: 10, run: 10, runs: 3, latency: 10, connections: 32 };

const api = join(root, 'src/TradeGraph.Api/bin/Release/net10.0/TradeGraph.Api.dll');
const ceiling = join(bench, 'TradeGraph.Ceiling/bin/Release/net10.0/TradeGraph.Ceiling.dll');
const hook = join(bench, 'TradeGraph.BenchHook/bin/Release/net10.0/TradeGraph.BenchHook.dll');
const peer = join(bench, 'peers/mercurius/server.js');
const workloads = ['key-lookup', 'nested', 'filtered-page', 'search', 'shortest-path'];
const ports = { tradegraph: 4101, peer: 4102, ceiling: 4103 };
const serverNames = ['tradegraph', 'peer', 'ceiling'];
const log = (...m) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...m);

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
  const meta = { size, seed, source, entities, relationships, importSeconds, importRate: relationships / importSeconds };
  writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  return { ...meta, folder, json, db, cached: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Processes and HTTP.
function startServer(name, command, args, env, core = '0') {
  const child = spawn('taskset', ['-c', core, command, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', d => { stderr = (stderr + d).slice(-4000); });
  child.on('exit', code => { if (!child.stopping) log(`${name} exited early (${code}): ${stderr}`); });
  return { name, child, pid: child.pid, stderr: () => stderr };
}

async function stopServer(server) {
  server.child.stopping = true;
  if (server.child.exitCode !== null) return;
  const exited = new Promise(r => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
}

async function post(url, body, headers = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers }, body });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

// Start-up to first answer: from spawn until a workload's POST first gets 200 (polled every 5 ms).
async function waitFor(url, body, timeoutMs = 120_000, server = null) {
  const started = process.hrtime.bigint();
  for (;;) {
    if (server && server.child.exitCode !== null) throw new Error(`${server.name} exited (${server.child.exitCode}) before answering: ${server.stderr()}`);
    try {
      const r = body === null ? await fetch(url) : await post(url, body);
      if (r.status === 200) return Number(process.hrtime.bigint() - started) / 1e6;
    } catch { /* not listening yet */ }
    if (Number(process.hrtime.bigint() - started) / 1e6 > timeoutMs) throw new Error(`no answer from ${url} in ${timeoutMs} ms`);
    await sleep(5);
  }
}

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks; // utime + stime
}
const rssBytes = pid => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
function allocatedBytes(server) {
  if (!server.allocFile || !existsSync(server.allocFile)) return null;
  return Number(readFileSync(server.allocFile, 'utf8').split(' ')[0]);
}

// ---------------------------------------------------------------------------------------------------------------
// Load generators: wrk (closed loop, maximum throughput) and hey (fixed offered rate, latency).
function luaFor(workload, body, dir) {
  const file = join(dir, `${workload}.lua`);
  writeFileSync(file, `wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.body = [==[${body}]==]
`);
  return file;
}

function wrk(port, lua, seconds) {
  const out = execFileSync('taskset', ['-c', '1', 'wrk', '-t1', `-c${t.connections}`, `-d${seconds}s`, '--latency', '-s', lua,
    `http://127.0.0.1:${port}/graphql`], { encoding: 'utf8' });
  const requests = Number(/(\d+) requests in/.exec(out)[1]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socketErrors = /Socket errors: (.*)/.exec(out)?.[1] ?? null;
  return { requests, rps, non2xx, socketErrors };
}

function hey(port, bodyFile, rate, seconds) {
  const workers = 10;
  const out = execFileSync('taskset', ['-c', '1', 'hey', '-z', `${seconds}s`, '-c', String(workers), '-q', String(Math.max(1, Math.round(rate / workers))),
    '-m', 'POST', '-T', 'application/json', '-D', bodyFile, `http://127.0.0.1:${port}/graphql`], { encoding: 'utf8' });
  const pct = p => Number(new RegExp(`${p}% in ([\\d.]+) secs`).exec(out)?.[1] ?? NaN) * 1000;
  return { p50: pct(50), p99: pct(99), achieved: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN), statuses: /\[(\d+)\]\s+(\d+) responses/g.exec(out)?.[0] };
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

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = x => x.subarray(Math.max(0, i - 40), i + 80).toString('utf8');
  return `first difference at byte ${i} (lengths ${a.length} / ${b.length}):\n  expected …${around(a)}…\n  got      …${around(b)}…`;
}

// ---------------------------------------------------------------------------------------------------------------
// Variables per data set, read from the data itself, so they work on the seed and on any generated size.
function chooseVariables(json) {
  const entities = [];
  const relationships = [];
  for (const f of readdirSync(json).filter(x => x.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(join(json, f), 'utf8'));
    for (const e of doc.entities ?? []) entities.push(e); // not push(...x): a million arguments overflow the stack
    for (const r of doc.relationships ?? []) relationships.push(r);
  }
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
    'key-lookup': { id: Buffer.from(`Official:${top.key}`).toString('base64url') },
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

// ---------------------------------------------------------------------------------------------------------------
async function runSize(size) {
  log(`size ${size}: preparing data`);
  const loadBefore = os.loadavg()[0];
  const data = await prepareData(size);
  log(`data: ${data.source}, ${data.entities} entities, ${data.relationships} relationships${data.cached ? ' (cached)' : `, imported in ${data.importSeconds.toFixed(1)} s`}`);
  const run = join(data.folder, 'run');
  rmSync(run, { recursive: true, force: true });
  mkdirSync(run, { recursive: true });

  const servers = {};
  const startup = {};
  try {
    // TradeGraph first: its answers are the reference the others must match byte for byte, and the ceiling's bytes.
    const allocFile = join(run, 'tradegraph.alloc');
    servers.tradegraph = startServer('tradegraph', 'dotnet', [api, `--Storage:Sqlite:Path=${data.db}`, `--Urls=http://127.0.0.1:${ports.tradegraph}`,
      '--Seed:LoadWhenEmpty=false', '--Analytics:MaxProjectionSize=10000000', '--Analytics:TimeLimit=00:01:00',
      `--GraphQL:ResponseCache:Enabled=${!noResponseCache}`], {
      ASPNETCORE_ENVIRONMENT: 'Production', Logging__LogLevel__Default: 'Warning', Logging__LogLevel__Microsoft: 'Warning',
      DOTNET_STARTUP_HOOKS: hook, BENCH_ALLOC_FILE: allocFile,
    });
    servers.tradegraph.allocFile = allocFile;
    const variables = chooseVariables(data.json);
    const probe = bodyOf('key-lookup', variables['key-lookup']);
    startup.tradegraph = await waitFor(`http://127.0.0.1:${ports.tradegraph}/graphql`, probe, 120_000, servers.tradegraph);

    // The shortest path's target: the low-degree official farthest from the busiest one (within maxHops), so the
    // workload walks a real path rather than finding none.
    const sp = variables['shortest-path'];
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

    const bodies = Object.fromEntries(workloads.map(w => [w, bodyOf(w, variables[w])]));
    const expected = {};
    const roundTrips = {};
    const ceilingDir = join(run, 'ceiling');
    mkdirSync(ceilingDir);
    for (const w of workloads) {
      const r = await post(`http://127.0.0.1:${ports.tradegraph}/graphql`, bodies[w]);
      const text = r.bytes.toString('utf8');
      if (r.status !== 200 || text.includes('"errors"')) throw new Error(`TradeGraph answered ${w} with ${r.status}: ${text.slice(0, 400)}`);
      expected[w] = r.bytes;
      writeFileSync(join(ceilingDir, `${w}.request.json`), bodies[w]);
      writeFileSync(join(ceilingDir, `${w}.response.json`), r.bytes);
      writeFileSync(join(run, `${w}.body.json`), bodies[w]);
      const cost = await post(`http://127.0.0.1:${ports.tradegraph}/graphql`, bodies[w], { 'GraphQL-Cost': 'report' });
      roundTrips[w] = JSON.parse(cost.bytes).extensions?.operationCost?.storeRoundTrips ?? null;
    }

    servers.peer = startServer('peer', 'node', [peer, '--data', data.json, '--port', String(ports.peer)], { NODE_ENV: 'production' });
    startup.peer = await waitFor(`http://127.0.0.1:${ports.peer}/graphql`, probe, 120_000, servers.peer);
    const ceilingAlloc = join(run, 'ceiling.alloc');
    servers.ceiling = startServer('ceiling', 'dotnet', [ceiling, `--responses=${ceilingDir}`, `--urls=http://127.0.0.1:${ports.ceiling}`], {
      ASPNETCORE_ENVIRONMENT: 'Production', DOTNET_STARTUP_HOOKS: hook, BENCH_ALLOC_FILE: ceilingAlloc,
    });
    servers.ceiling.allocFile = ceilingAlloc;
    startup.ceiling = await waitFor(`http://127.0.0.1:${ports.ceiling}/graphql`, probe, 120_000, servers.ceiling);
    log(`started: ${serverNames.map(s => `${s} ${startup[s].toFixed(0)} ms`).join(', ')}`);

    // Same bytes from everyone, or stop.
    const hashes = {};
    for (const w of workloads) {
      hashes[w] = createHash('sha256').update(expected[w]).digest('hex');
      for (const s of ['peer', 'ceiling']) {
        const r = await post(`http://127.0.0.1:${ports[s]}/graphql`, bodies[w]);
        if (!r.bytes.equals(expected[w])) {
          throw new Error(`${s} does not answer ${w} with TradeGraph's bytes (sha256 ${hashes[w].slice(0, 12)} vs ${createHash('sha256').update(r.bytes).digest('hex').slice(0, 12)}); ${firstDifference(expected[w], r.bytes)}`);
        }
      }
      log(`${w}: ${expected[w].length} bytes, sha256 ${hashes[w].slice(0, 12)}, identical on all three; ${roundTrips[w]} store round trips`);
    }

    if (checkOnly) return null;

    // Warm-up (tiered JIT and PGO in .NET, graphql-jit's compile in Node), then rounds interleaved across servers
    // (A B C, A B C, …) so drift on a shared machine spreads over all three.
    const lua = Object.fromEntries(workloads.map(w => [w, luaFor(w, bodies[w], run)]));
    for (const s of serverNames) for (const w of workloads) wrk(ports[s], lua[w], t.warm);
    log('warmed up');
    const runs = Object.fromEntries(serverNames.map(s => [s, Object.fromEntries(workloads.map(w => [w, []]))]));
    for (let round = 1; round <= t.runs; round++) {
      for (const w of workloads) {
        for (const s of serverNames) {
          const server = servers[s];
          const cpu0 = cpuSeconds(server.pid);
          const alloc0 = allocatedBytes(server);
          const r = wrk(ports[s], lua[w], t.run);
          await sleep(250); // the startup hook writes its figure every 100 ms
          const cpu = cpuSeconds(server.pid) - cpu0;
          const alloc1 = allocatedBytes(server);
          runs[s][w].push({ ...r, cpuUsPerRequest: (cpu * 1e6) / r.requests, allocPerRequest: alloc0 === null ? null : (alloc1 - alloc0) / r.requests });
          if (r.non2xx || r.socketErrors) log(`  ${s} ${w}: ${r.non2xx} non-2xx, socket errors ${r.socketErrors}`);
        }
        log(`round ${round} ${w}: ${serverNames.map(s => `${s} ${runs[s][w].at(-1).rps.toFixed(0)}`).join(', ')} rps`);
      }
    }

    // Latency at a fixed offered rate: 1,000 rps, or half the slowest server's maximum when that is lower.
    const latency = {};
    const rates = {};
    for (const w of workloads) {
      const slowest = Math.min(...serverNames.map(s => median(runs[s][w].map(r => r.rps))));
      rates[w] = Math.max(10, Math.min(1000, Math.floor(slowest / 2 / 10) * 10));
      for (const s of serverNames) {
        latency[`${s}/${w}`] = hey(ports[s], join(run, `${w}.body.json`), rates[w], t.latency);
      }
      log(`latency ${w} at ${rates[w]} rps: ${serverNames.map(s => `${s} p50 ${latency[`${s}/${w}`].p50.toFixed(2)} p99 ${latency[`${s}/${w}`].p99.toFixed(2)} ms`).join(', ')}`);
    }

    const rss = Object.fromEntries(serverNames.map(s => [s, rssBytes(servers[s].pid)]));
    const result = {
      size, seed, date: new Date().toISOString(), quick, settings: t, commit: gitCommit(), data: { source: data.source, entities: data.entities, relationships: data.relationships,
        importSeconds: data.importSeconds, importRate: data.importRate },
      load: { before: loadBefore, after: os.loadavg()[0] }, variables, hashes, bytes: Object.fromEntries(workloads.map(w => [w, expected[w].length])), roundTrips, startup, rss, rates,
      servers: Object.fromEntries(serverNames.map(s => [s, Object.fromEntries(workloads.map(w => {
        const rs = runs[s][w];
        const allocs = rs.map(r => r.allocPerRequest).filter(x => x !== null);
        return [w, {
          rps: median(rs.map(r => r.rps)), runs: rs.map(r => Math.round(r.rps)), errors: rs.reduce((n, r) => n + r.non2xx, 0),
          cpuUsPerRequest: median(rs.map(r => r.cpuUsPerRequest)), allocPerRequest: allocs.length ? median(allocs) : null,
          p50: latency[`${s}/${w}`].p50, p99: latency[`${s}/${w}`].p99,
        }];
      }))])),
    };
    mkdirSync(join(dataRoot, 'results'), { recursive: true });
    writeFileSync(join(dataRoot, 'results', `${size}${noResponseCache ? '-no-response-cache' : ''}.json`), JSON.stringify({ ...result, responseCache: !noResponseCache }, null, 2));
    return result;
  } finally {
    for (const s of Object.values(servers)) await stopServer(s);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// RESULTS.md: every size measured so far (bench/.data/results/*.json), each with its own date.
function machine() {
  const sh = (c, a) => { try { return execFileSync(c, a, { encoding: 'utf8' }).trim(); } catch { return '?'; } };
  const os_ = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.type();
  return {
    cpu: /Model name:\s+(.*)/.exec(sh('lscpu', []))?.[1] ?? os.cpus()[0]?.model,
    cores: os.cpus().length,
    ram: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os_}, Linux ${os.release()}`,
    dotnet: sh('dotnet', ['--version']),
    node: process.version,
    wrk: sh('sh', ['-c', 'wrk -v 2>&1 | head -1']).split(' ').slice(0, 2).join(' '),
    hey: sh('sh', ['-c', "dpkg-query -W -f='${Version}' hey 2>/dev/null"]),
    load: os.loadavg().map(x => x.toFixed(2)).join(' '),
  };
}

const fmt = (x, digits = 0) => x === null || x === undefined || Number.isNaN(x) ? '–' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (a, b) => (b ? a / b : NaN);

function render(results, host) {
  const lines = [];
  const p = s => lines.push(s);
  p('# Benchmark results');
  p('');
  p('Written by `bench/run` (method: [decision 0013](../docs/decisions/0013-bench-harness.md)). Do not edit by hand; rerun.');
  p('');
  p(`**Machine:** ${host.cpu}, ${host.cores} cores, ${host.ram} RAM, ${host.os}. .NET SDK ${host.dotnet}, Node ${host.node}, ${host.wrk}, hey ${host.hey}.`);
  p(`Load average when the report was written: ${host.load} (the machine is shared; expect ±10% noise).`);
  p('');
  p('Each server is pinned to core 0 (`taskset -c 0`) and driven from core 1: requests/s is the median of three runs of');
  p('`wrk -t1 -c32` (runs interleaved across servers, after a warm-up); latency is `hey` at a fixed offered rate (10 workers');
  p('× rate/10 each); CPU-µs is the server\'s utime+stime per request under wrk; allocations come from');
  p('`GC.GetTotalAllocatedBytes` (a startup hook) per request; round trips are TradeGraph\'s `storeRoundTrips`.');
  p('Before measuring, every server\'s response bytes were checked identical to TradeGraph\'s (sha256 below).');
  for (const r of results) {
    p('');
    const label = r.data.source === 'generator' ? `${fmt(r.size)} relationships` : `the curated seed (stand-in for ${fmt(r.size)}: no generator in this build)`;
    p(`## ${label}, TradeGraph's response cache ${r.responseCache === false ? 'off (every request executed)' : 'on (the default)'}`);
    p('');
    p(`Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.quick ? ' with `--quick` (short runs: indicative only)' : ''}; ${fmt(r.data.entities)} entities, ${fmt(r.data.relationships)} relationships (seed ${r.seed}); commit \`${r.commit ?? 'unknown'}\`; 1-minute load average ${fmt(r.load?.before, 1)} before, ${fmt(r.load?.after, 1)} after (2 cores: above 2, other work shared the machine).`);
    p('');
    p('| workload | server | req/s (median) | runs | p50 / p99 ms at fixed rate | CPU-µs/req | alloc B/req | store round trips |');
    p('|---|---|--:|---|---|--:|--:|--:|');
    for (const w of workloads) {
      for (const s of serverNames) {
        const m = r.servers[s][w];
        p(`| ${s === 'tradegraph' ? w : ''} | ${s === 'tradegraph' ? 'TradeGraph' : s === 'peer' ? 'mercurius + jit' : 'Kestrel ceiling'} | ${fmt(m.rps)} | ${m.runs.map(x => fmt(x)).join(', ')} | ${fmt(m.p50, 2)} / ${fmt(m.p99, 2)} @ ${fmt(r.rates[w])}/s | ${fmt(m.cpuUsPerRequest)} | ${m.allocPerRequest === null ? 'n/a' : fmt(m.allocPerRequest)} | ${s === 'tradegraph' ? fmt(r.roundTrips[w]) : ''} |`);
      }
    }
    p('');
    p('| workload | TradeGraph / peer req/s | TradeGraph / ceiling req/s | p99 TradeGraph / peer | response | sha256 |');
    p('|---|--:|--:|--:|--:|---|');
    for (const w of workloads) {
      const tg = r.servers.tradegraph[w];
      p(`| ${w} | ${fmt(ratio(tg.rps, r.servers.peer[w].rps), 2)}× | ${fmt(100 * ratio(tg.rps, r.servers.ceiling[w].rps))}% | ${fmt(ratio(tg.p99, r.servers.peer[w].p99), 2)} | ${fmt(r.bytes[w])} B | \`${r.hashes[w].slice(0, 16)}\` |`);
    }
    p('');
    p('| | TradeGraph | mercurius + jit | Kestrel ceiling |');
    p('|---|--:|--:|--:|');
    p(`| start-up to first answer (existing store) | ${fmt(r.startup.tradegraph)} ms | ${fmt(r.startup.peer)} ms | ${fmt(r.startup.ceiling)} ms |`);
    p(`| memory (RSS after the runs) | ${fmt(r.rss.tradegraph / 2 ** 20)} MB | ${fmt(r.rss.peer / 2 ** 20)} MB | ${fmt(r.rss.ceiling / 2 ** 20)} MB |`);
    p(`| import (the \`import\` command, wall time) | ${fmt(r.data.importRate)} relationships/s (${fmt(r.data.importSeconds, 1)} s) | | |`);
    p('');
    p(`Variables: ${Object.entries(r.variables).filter(([, v]) => Object.keys(v).length).map(([w, v]) => `${w} \`${JSON.stringify(v)}\``).join(', ')}.`);
  }

  p('');
  p('## Targets (issue 7)');
  p('');
  const largest = results.at(-1);
  if (!largest) return lines.join('\n') + '\n';
  const at = largest.data.source === 'generator' ? `${fmt(largest.size)} relationships` : 'the seed';
  const is1M = largest.data.source === 'generator' && largest.size >= 1_000_000;
  const tg = largest.servers.tradegraph;
  const rows = [
    ['nested: ≥ 1.5× the peer\'s req/s', ratio(tg.nested.rps, largest.servers.peer.nested.rps), v => `${fmt(v, 2)}×`, v => v >= 1.5],
    ['nested: ≥ 30% of the Kestrel ceiling', ratio(tg.nested.rps, largest.servers.ceiling.nested.rps), v => `${fmt(100 * v)}%`, v => v >= 0.3],
    ['key lookup: ≥ 50% of the Kestrel ceiling', ratio(tg['key-lookup'].rps, largest.servers.ceiling['key-lookup'].rps), v => `${fmt(100 * v)}%`, v => v >= 0.5],
    ['start-up to first answer < 1 s', largest.startup.tradegraph, v => `${fmt(v)} ms`, v => v < 1000],
    ['memory < 500 MB', largest.rss.tradegraph / 2 ** 20, v => `${fmt(v)} MB`, v => v < 500],
  ];
  p(`Measured at ${at}${is1M ? '' : ' — the targets are set at 1,000,000 relationships, so this is not yet the verdict'}.`);
  p('');
  p('| target | measured | |');
  p('|---|--:|---|');
  for (const [name, value, show, ok] of rows) p(`| ${name} | ${show(value)} | ${ok(value) ? 'met' : '**not met**'} |`);
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
mkdirSync(dataRoot, { recursive: true });
// --report only rewrites RESULTS.md from the sizes already measured.
if (!argv.includes('--report')) for (const size of sizes) await runSize(size);
if (checkOnly) {
  log('every workload answered with identical bytes by all three servers');
  process.exit(0);
}
const saved = existsSync(join(dataRoot, 'results'))
  ? readdirSync(join(dataRoot, 'results')).filter(f => f.endsWith('.json')).map(f => JSON.parse(readFileSync(join(dataRoot, 'results', f), 'utf8')))
  : [];
saved.sort((a, b) => a.size - b.size);
writeFileSync(join(bench, 'RESULTS.md'), render(saved, machine()));
log(`wrote ${join(bench, 'RESULTS.md')}`);
