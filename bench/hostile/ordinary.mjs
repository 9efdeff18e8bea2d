// Ordinary traffic: the five benchmark workloads (bench/workloads/), each request with fresh variables drawn from the
// data set (a random official, meeting date, search word, pair of officials), at a fixed concurrency for a fixed time.
// Runs in a worker thread so the hostile loops and their large answers never delay its clock.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { postGraphQL } from './http.mjs';

export const workloads = ['key-lookup', 'nested', 'filtered-page', 'search', 'shortest-path'];

/** What the variables are drawn from, read from the seed-format JSON of the data set. */
export function variablePools(jsonFolder) {
  const officials = [];
  const meetings = [];
  const words = new Set();
  for (const file of readdirSync(jsonFolder).filter(f => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(join(jsonFolder, file), 'utf8'));
    for (const e of doc.entities ?? []) {
      if (e.kind === 'Official') officials.push(e.key);
      if (e.kind === 'Meeting' && e.properties?.format && e.properties?.startsOn) meetings.push([e.properties.format, e.properties.startsOn]);
      if (e.kind !== 'Source') {
        const word = /[\p{L}\p{N}]{3,}/u.exec(e.name ?? '')?.[0];
        if (word) words.add(word);
      }
    }
  }
  if (!officials.length || !meetings.length || !words.size) throw new Error(`no officials, meetings or names in ${jsonFolder}`);
  return { officials, meetings, words: [...words] };
}

const pick = xs => xs[Math.floor(Math.random() * xs.length)];

function variablesFor(workload, pools) {
  switch (workload) {
    case 'key-lookup': return { id: Buffer.from(`Official:${pick(pools.officials)}`).toString('base64url') };
    case 'filtered-page': { const [format, from] = pick(pools.meetings); return { format, from }; }
    case 'search': return { text: pick(pools.words) };
    case 'shortest-path': return { from: pick(pools.officials), to: pick(pools.officials) };
    default: return {};
  }
}

/** Runs the ordinary traffic in a worker thread; resolves with { results: [{ workload, ms, ok, outcome }], wallSeconds }. */
export function runOrdinary({ url, queries, pools, concurrency, seconds, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { url, queries, pools, concurrency, seconds, timeoutMs } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', code => { if (code !== 0) reject(new Error(`ordinary traffic worker exited with ${code}`)); });
  });
}

async function workerMain({ url, queries, pools, concurrency, seconds, timeoutMs }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const results = [];
  let next = 0;
  const client = async () => {
    while (Date.now() < deadline) {
      const workload = workloads[next++ % workloads.length];
      const r = await postGraphQL(url, { query: queries[workload], variables: variablesFor(workload, pools) }, { agent, timeoutMs });
      const ok = r.status === 200 && r.json !== null && !r.json.errors;
      results.push({ workload, ms: r.ms, ok, outcome: ok ? 'ok' : r.outcome });
      // a refused or broken connection fails at once: pause so a dead server is not hammered in a tight loop
      if (typeof r.status !== 'number') await new Promise(done => setTimeout(done, 100));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  agent.destroy();
  parentPort.postMessage({ results, wallSeconds: (Date.now() - started) / 1000 });
}

if (!isMainThread && workerData?.queries) await workerMain(workerData);
