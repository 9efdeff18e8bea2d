// The data set and the TradeGraph process for the hostile-load run: a copy of the benchmark's generated store (the
// run writes to it), the server started as bench/driver.mjs starts it but with the response cache off and two API
// keys, and what /proc says about it.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import http from 'node:http';
import { sleep } from './http.mjs';

/**
 * The graph to load: `size` relationships from the scale generator (cached in bench/.data/<size>-s<seed>/ in the same
 * layout as bench/run, so either can reuse the other's), or the curated seed when size is 'seed'.
 * Returns { json, storeFile, seedOnStart, description }; storeFile is a fresh copy the run may change.
 */
export function prepareData({ root, api, size, seed, runDir, log }) {
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const storeFile = join(runDir, 'store.db');
  if (size === 'seed') return { json: join(root, 'seed'), storeFile, seedOnStart: true, description: 'the curated seed (seed/)' };

  const folder = join(root, 'bench', '.data', `${size}-s${seed}`);
  const json = join(folder, 'json');
  const db = join(folder, 'store.db');
  const metaFile = join(folder, 'meta.json');
  const cached = existsSync(metaFile) && existsSync(db) && JSON.parse(readFileSync(metaFile, 'utf8')).source === 'generator';
  if (!cached) {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(json, { recursive: true });
    log(`generating ${size} relationships (seed ${seed}) and importing them`);
    execFileSync('dotnet', [api, 'generate', '--relationships', String(size), '--seed', String(seed), '--out', json], { stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('dotnet', [api, 'import', json, `--Storage:Sqlite:Path=${db}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    let entities = 0;
    let relationships = 0;
    for (const f of readdirSync(json).filter(x => x.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(join(json, f), 'utf8'));
      entities += doc.entities?.length ?? 0;
      relationships += doc.relationships?.length ?? 0;
    }
    writeFileSync(metaFile, JSON.stringify({ size, seed, source: 'generator', entities, relationships }, null, 2));
  }
  const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  for (const suffix of ['', '-wal']) if (existsSync(db + suffix)) copyFileSync(db + suffix, storeFile + suffix);
  return { json, storeFile, seedOnStart: false, description: `generated, ${meta.entities} entities and ${meta.relationships} relationships (seed ${seed})` };
}

/** Two random keys and the settings that configure them: an admin key, and a write key limited to Source. */
export function apiKeys() {
  const admin = randomBytes(32).toString('hex');
  const sourceOnly = randomBytes(32).toString('hex');
  const hash = key => createHash('sha256').update(key, 'utf8').digest('hex');
  return {
    keys: { admin, sourceOnly },
    env: {
      Security__ApiKeys__0__Name: 'hostile-admin', Security__ApiKeys__0__Hash: hash(admin), Security__ApiKeys__0__Scopes__0: 'admin',
      Security__ApiKeys__1__Name: 'hostile-source-only', Security__ApiKeys__1__Hash: hash(sourceOnly), Security__ApiKeys__1__Scopes__0: 'write',
      Security__ApiKeys__1__Kinds__0: 'Source',
    },
  };
}

/** Starts TradeGraph on 127.0.0.1:port (on `core` when given) and waits until /health answers. */
export async function startServer({ api, data, port, core, keysEnv, log }) {
  const args = [api, `--Storage:Sqlite:Path=${data.storeFile}`, `--Urls=http://127.0.0.1:${port}`,
    `--Seed:LoadWhenEmpty=${data.seedOnStart}`, '--GraphQL:ResponseCache:Enabled=false'];
  const [command, commandArgs] = core === null ? ['dotnet', args] : ['taskset', ['-c', core, 'dotnet', ...args]];
  // The server's console log (warnings and errors) goes to a file the report counts from.
  const logFile = join(dirname(data.storeFile), 'server.log');
  const logFd = openSync(logFile, 'w');
  const child = spawn(command, commandArgs, {
    env: { ...process.env, ...keysEnv, ASPNETCORE_ENVIRONMENT: 'Production', Logging__LogLevel__Default: 'Warning', Logging__LogLevel__Microsoft: 'Warning' },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const server = { child, pid: child.pid, logFile, logTail: () => readFileSync(logFile, 'utf8').slice(-2000) };
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`TradeGraph exited (${child.exitCode}) before answering: ${server.logTail()}`);
    if (await healthStatus(port) === 200) break;
    if (Date.now() - started > 120_000) throw new Error('TradeGraph did not answer /health in 120 s');
    await sleep(100);
  }
  log(`TradeGraph (pid ${child.pid}) answered in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return server;
}

// node:http rather than fetch, which refuses some ports (4190 and others on the fetch standard's bad-port list).
const healthStatus = port => new Promise(resolve => {
  const request = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 2000 }, response => { response.resume(); resolve(response.statusCode); });
  request.on('timeout', () => request.destroy());
  request.on('error', () => resolve(null));
});

/** SIGTERM, then SIGKILL after `graceMs`: today a running statement can hold shutdown for minutes. */
export async function stopServer(server, graceMs = 5000) {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise(r => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await Promise.race([exited, sleep(graceMs)]);
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await Promise.race([exited, sleep(graceMs)]);
  }
}

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

/** The server's CPU seconds (user + system) and resident memory, or null once it is gone. */
export function processSample(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
    return { at: Date.now(), cpu: (Number(fields[11]) + Number(fields[12])) / clockTicks, rss };
  } catch {
    return null;
  }
}

/** The commit measured: "6c19747 subject", marked when tracked files differ from it. */
export function gitCommit(root) {
  const git = (...args) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();
  try {
    return `${git('describe', '--always', '--dirty= (with uncommitted changes)')} ${git('log', '-1', '--format=%s').slice(0, 100)}`;
  } catch {
    return 'unknown';
  }
}

/** How many log entries of each level the server wrote ("fail ×3, warn ×1"), and the first of the most severe. */
export function logSummary(logFile) {
  const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
  const levels = new Map();
  for (const m of text.matchAll(/^(trce|dbug|info|warn|fail|crit): /gm)) levels.set(m[1], (levels.get(m[1]) ?? 0) + 1);
  const worst = ['crit', 'fail', 'warn'].find(level => levels.has(level));
  // an entry is its level line and the indented message lines under it
  const first = worst ? new RegExp(`^${worst}: .*(?:\\n {6}.*)*`, 'm').exec(text)?.[0].replace(/\s+/g, ' ').slice(0, 300) : null;
  return { levels: [...levels].map(([level, n]) => `${level} ×${n}`).join(', ') || 'nothing', first };
}
