// bench/hostile-load's driver: runs the hostile-request suite concurrently with ordinary traffic and reports what
// ordinary requests saw. Phases: warm-up, idle, ordinary alone, ordinary + hostile, idle after; then the server is
// killed and the markdown report goes to stdout (and --out). Every loop is bounded by its phase, every request by
// --timeout, and the whole run by a watchdog.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import os from 'node:os';
import { setMaxListeners } from 'node:events';
import { sleep } from './http.mjs';
import { runOrdinary, variablePools, workloads } from './ordinary.mjs';
import { drainSockets, shapes } from './shapes.mjs';
import { apiKeys, gitCommit, logSummary, prepareData, processSample, startServer, stopServer } from './server.mjs';
import { cpuSeries, render, summariseOrdinary, summariseWindow } from './report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
const settings = {
  duration: Number(option('--duration', '60')),     // seconds of each measured phase
  warmup: Number(option('--warmup', '10')),
  after: Number(option('--after', '10')),           // idle seconds watched after the hostile phase
  concurrency: Number(option('--concurrency', '8')),
  timeout: Number(option('--timeout', '10')),       // seconds before any request is given up
  size: option('--size', '10000'),                  // relationships to generate, or 'seed'
  seed: Number(option('--seed', '7')),
  port: Number(option('--port', '4111')),
  maxRssMb: Number(option('--max-rss-mb', '6000')), // stop the hostile phase early past this server RSS (shared machine)
  pinned: !argv.includes('--no-pin'),
  shapes: option('--shapes', shapes.map(s => s.id).join(',')).split(',').map(s => s.trim()).filter(Boolean),
  out: option('--out', null),
};
const valued = ['--duration', '--warmup', '--after', '--concurrency', '--timeout', '--size', '--seed', '--port', '--max-rss-mb', '--shapes', '--out'];
argv.forEach((arg, i) => {
  if (arg.startsWith('--') && arg !== '--no-pin' && !valued.includes(arg)) throw new Error(`unknown option ${arg}; see bench/hostile-load --help`);
  if (valued.includes(arg) && argv[i + 1] === undefined) throw new Error(`${arg} needs a value`);
});
for (const key of ['duration', 'warmup', 'after', 'concurrency', 'timeout', 'seed', 'port', 'maxRssMb']) {
  if (!(settings[key] >= 0)) throw new Error(`--${key.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)} must be a number ≥ 0`);
}
if (settings.size !== 'seed' && !(Number(settings.size) >= 1000)) throw new Error('--size takes a number of relationships (at least 1000) or "seed"');
const unknown = settings.shapes.filter(id => !shapes.some(s => s.id === id));
if (unknown.length) throw new Error(`unknown shape(s) ${unknown.join(', ')}; known: ${shapes.map(s => s.id).join(', ')}`);
const log = (...m) => console.error(`[hostile-load ${new Date().toISOString().slice(11, 19)}]`, ...m);

const api = join(root, 'src/TradeGraph.Api/bin/Release/net10.0/TradeGraph.Api.dll');
const url = `http://127.0.0.1:${settings.port}/graphql`;
let server = null;

// Never outlive the plan: phases, plus start-up, data and the drains, plus slack.
const budgetSeconds = settings.warmup + 2 * settings.duration + settings.after + 3 * settings.timeout + 600;
setTimeout(() => {
  log(`watchdog: still running after ${budgetSeconds} s; killing the server and stopping`);
  server?.child.kill('SIGKILL');
  process.exit(3);
}, budgetSeconds * 1000).unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { server?.child.kill('SIGKILL'); process.exit(130); });
process.on('exit', () => { if (server && server.child.exitCode === null) server.child.kill('SIGKILL'); });

// /proc samples of the server every second, each tagged with the window it belongs to.
const samples = [];
let window = 'start-up';
const sampleNow = () => {
  const s = server && processSample(server.pid);
  if (s) samples.push({ ...s, window, load: os.loadavg()[0] });
  return s;
};
const windowSamples = name => samples.filter(s => s.window === name);

async function observe(name, work) {
  window = name;
  sampleNow();
  const result = await work();
  sampleNow();
  return result;
}

async function hostilePhase(ctx) {
  const results = Object.fromEntries(settings.shapes.map(id => [id, []]));
  const loop = async shape => {
    for (let iteration = 0; !ctx.signal.aborted; iteration++) {
      let r;
      try {
        r = await shape.run({ ...ctx, iteration });
      } catch (error) {
        r = { outcome: `script error: ${error.message.slice(0, 80)}`, ms: NaN, bytes: 0 };
      }
      results[shape.id].push({ status: r.status, outcome: r.outcome, ms: r.ms, bytes: r.bytes, violation: r.violation ?? null });
      if (shape.once) break;
      await sleep(shape.pauseMs, ctx.signal);
    }
  };
  return { results, loops: shapes.filter(s => settings.shapes.includes(s.id)).map(loop) };
}

async function main() {
  const loadAtStart = os.loadavg().map(x => x.toFixed(2)).join(' ');
  const data = prepareData({ root, api, size: settings.size, seed: settings.seed, runDir: join(root, 'bench', '.data', 'hostile-run'), log });
  const pools = variablePools(data.json);
  const queries = Object.fromEntries(workloads.map(w => [w, readFileSync(join(root, 'bench', 'workloads', `${w}.graphql`), 'utf8')]));
  const { keys, env } = apiKeys();
  server = await startServer({ api, data, port: settings.port, core: settings.pinned ? '0' : null, keysEnv: env, log });
  const sampler = setInterval(sampleNow, 1000);
  const ordinary = seconds => runOrdinary({ url, queries, pools, concurrency: settings.concurrency, seconds, timeoutMs: settings.timeout * 1000 });
  const notes = [];

  log(`warm-up ${settings.warmup} s`);
  const warm = await observe('warm-up', () => ordinary(settings.warmup));
  const warmErrors = warm.results.filter(r => !r.ok);
  if (warmErrors.length) notes.push(`warm-up saw ${warmErrors.length} errors in ${warm.results.length} requests (first: ${warmErrors[0].workload} ${warmErrors[0].outcome})`);

  await observe('idle before', () => sleep(3000));
  log(`ordinary alone ${settings.duration} s`);
  const alone = await observe('ordinary alone', () => ordinary(settings.duration));

  log(`ordinary + hostile ${settings.duration} s (${settings.shapes.join(', ')})`);
  const controller = new AbortController();
  setMaxListeners(200, controller.signal); // every loop's request and pause listens to it
  const ctx = {
    url, host: '127.0.0.1', port: settings.port, timeoutMs: settings.timeout * 1000, signal: controller.signal,
    agent: new http.Agent({ keepAlive: false }), keys, neverRead: [], idle: [], runId: Date.now().toString(36),
    data: { topOfficial: pools.officials[0], otherOfficial: pools.officials[Math.min(49, pools.officials.length - 1)], randomOfficial: () => pools.officials[Math.floor(Math.random() * pools.officials.length)] },
  };
  const guard = setInterval(() => {
    const rss = samples.at(-1)?.rss ?? 0;
    if (rss > settings.maxRssMb * 2 ** 20 && !controller.signal.aborted) {
      notes.push(`server RSS passed ${settings.maxRssMb} MiB; the hostile loops were stopped early (--max-rss-mb)`);
      controller.abort();
    }
  }, 500);
  const { withHostile, hostile, sockets } = await observe('ordinary + hostile', async () => {
    const attack = await hostilePhase(ctx);
    const traffic = await ordinary(settings.duration);
    controller.abort();
    await Promise.all(attack.loops);
    const drained = await drainSockets(ctx, 3000);
    return { withHostile: traffic, hostile: attack.results, sockets: drained };
  });
  clearInterval(guard);

  log(`idle after ${settings.after} s`);
  await observe(`${settings.after} s after (idle)`, () => sleep(settings.after * 1000));
  clearInterval(sampler);
  const alive = server.child.exitCode === null && server.child.signalCode === null;
  if (!alive) notes.push(`the server exited by itself during the run (exit code ${server.child.exitCode}, signal ${server.child.signalCode})`);
  await stopServer(server);

  const run = {
    date: new Date().toISOString(), commit: gitCommit(root), loadAtStart, notes,
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    data: data.description, settings, shapesRun: settings.shapes,
    ordinary: { alone: summariseOrdinary(alone), hostile: summariseOrdinary(withHostile) },
    shapes: shapes.filter(s => settings.shapes.includes(s.id)).map(s => ({ id: s.id, what: s.what, results: hostile[s.id] })),
    sockets, serverAlive: alive, serverLog: logSummary(server.logFile),
    afterSeries: cpuSeries(windowSamples(`${settings.after} s after (idle)`)),
    windows: ['idle before', 'ordinary alone', 'ordinary + hostile', `${settings.after} s after (idle)`].map(name => summariseWindow(name, windowSamples(name))),
  };
  const report = render(run);
  process.stdout.write(`${report}\n`);
  if (settings.out) {
    writeFileSync(resolve(process.env.HOSTILE_LOAD_CWD ?? process.cwd(), settings.out), `${report}\n`);
    log(`report written to ${settings.out}`);
  }
}

try {
  await main();
} catch (error) {
  log(`failed: ${error.stack ?? error}`);
  if (server) log(`server log (end): ${server.logTail()}`);
  await stopServer(server);
  process.exitCode = 1;
}
