// The processes and load generators of bench/driver.mjs: servers pinned to a core, HTTP polls, /proc readings, and
// wrk / hey pinned to core 1.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The server as bench/run publishes it and as it is deployed: Release, ReadyToRun for this machine's runtime (the
 * app and its packages precompiled, so start-up and first requests JIT a fraction of the methods; decision 0017).
 * bench/run makes it with the command below; the plain build (bin/Release/net10.0) is JIT-only.
 */
export const publishedApi = new URL('../src/TradeGraph.Api/bin/Release/ready-to-run/TradeGraph.Api.dll', import.meta.url).pathname;
export const publishCommand = 'dotnet publish src/TradeGraph.Api -c Release --use-current-runtime --self-contained false -o src/TradeGraph.Api/bin/Release/ready-to-run';

/** The published server, or an error saying how to make it. */
export function requirePublishedApi(path = publishedApi) {
  if (!existsSync(path)) throw new Error(`${path} is missing: run bench/run once, or from the repository root: ${publishCommand}`);
  return path;
}

export const log = (...m) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...m);

export function startServer(name, command, args, env, core = '0') {
  const child = spawn('taskset', ['-c', core, command, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', d => { stderr = (stderr + d).slice(-4000); });
  child.on('exit', code => { if (!child.stopping) log(`${name} exited early (${code}): ${stderr}`); });
  return { name, child, pid: child.pid, stderr: () => stderr };
}

/**
 * Waits (at most maxSeconds) until the servers' core has been idle for two half-second windows in a row (≥ 90 % idle in
 * /proc/stat), so a start-up is not timed while the machine is still busy with what ran before (a large server's exit,
 * the kernel reclaiming its memory). Returns the seconds waited and whether the core went quiet.
 */
export async function quietCore(core = 0, maxSeconds = 30) {
  const sample = () => {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n').find(l => l.startsWith(`cpu${core} `)).trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already counted in user and nice)
    return { idle: fields[3] + fields[4], total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
  };
  const started = Date.now();
  let quietWindows = 0;
  while (Date.now() - started < maxSeconds * 1000) {
    const a = sample();
    await sleep(500);
    const b = sample();
    quietWindows = (b.idle - a.idle) / Math.max(1, b.total - a.total) >= 0.9 ? quietWindows + 1 : 0;
    if (quietWindows >= 2) return { seconds: (Date.now() - started) / 1000, quiet: true };
  }
  return { seconds: maxSeconds, quiet: false };
}

export async function stopServer(server) {
  server.child.stopping = true;
  if (server.child.exitCode !== null) return;
  const exited = new Promise(r => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (server.child.exitCode === null) {
    server.child.kill('SIGKILL');
    await exited; // the port is free for the next server only once the process is gone
  }
}

export async function post(url, body, headers = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers }, body });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

// Start-up to first answer: from spawn until a workload's POST first gets 200 (polled every 5 ms).
export async function waitFor(url, body, timeoutMs = 120_000, server = null) {
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
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks; // utime + stime
}
export const rssBytes = pid => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
export function allocatedBytes(server) {
  if (!server.allocFile || !existsSync(server.allocFile)) return null;
  return Number(readFileSync(server.allocFile, 'utf8').split(' ')[0]);
}

// Milliseconds the server's JIT has spent compiling so far (the startup hook's sixth field); null without the hook.
export function jitMilliseconds(server) {
  if (!server.allocFile || !existsSync(server.allocFile)) return null;
  const field = readFileSync(server.allocFile, 'utf8').trim().split(' ')[5];
  return field === undefined ? null : Number(field);
}

// ---------------------------------------------------------------------------------------------------------------
// Load generators: wrk (closed loop, maximum throughput) and hey (fixed offered rate, latency).
export function wrk(port, lua, seconds, connections) {
  const out = execFileSync('taskset', ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', lua,
    `http://127.0.0.1:${port}/graphql`], { encoding: 'utf8' });
  const requests = Number(/(\d+) requests in/.exec(out)[1]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socketErrors = /Socket errors: (.*)/.exec(out)?.[1] ?? null;
  return { requests, rps, non2xx, socketErrors };
}

// Latency over varied bodies, from wrk's --latency percentiles (hey sends one body only): with a paced script, the
// fixed-rate run (each connection waits 10/rate s between requests, so the offered rate is a little under the target
// when answers are slow); unpaced with one connection, one client alone (each request sent when the last returned).
export function wrkLatency(port, lua, seconds, connections) {
  const out = execFileSync('taskset', ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', lua,
    `http://127.0.0.1:${port}/graphql`], { encoding: 'utf8' });
  const unit = { us: 1e-3, ms: 1, s: 1000 };
  const pct = p => { const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)\\b`).exec(out); return m ? Number(m[1]) * unit[m[2]] : NaN; };
  return {
    p50: pct(50), p99: pct(99), achieved: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN), non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
  };
}

export function hey(port, bodyFile, rate, seconds) {
  const workers = 10;
  const out = execFileSync('taskset', ['-c', '1', 'hey', '-z', `${seconds}s`, '-c', String(workers), '-q', String(Math.max(1, Math.round(rate / workers))),
    '-m', 'POST', '-T', 'application/json', '-D', bodyFile, `http://127.0.0.1:${port}/graphql`], { encoding: 'utf8' });
  const pct = p => Number(new RegExp(`${p}% in ([\\d.]+) secs`).exec(out)?.[1] ?? NaN) * 1000;
  return { p50: pct(50), p99: pct(99), achieved: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN), statuses: /\[(\d+)\]\s+(\d+) responses/g.exec(out)?.[0] };
}
