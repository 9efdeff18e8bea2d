// Varied requests for the executed tables (issue 13): per workload a fixed, seeded list of distinct variable sets drawn
// from the data set itself, so every one hits real entities, and the wrk script that sends them in turn. The same
// seed and data give the same list, so TradeGraph and the peer get the same requests in the same order, and a rerun
// gets them again.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a tiny seeded generator, enough to shuffle and draw reproducibly (not for anything secret). */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(xs, random) {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const day = 86_400_000;
const isoDay = ms => new Date(ms).toISOString().slice(0, 10);

/** Draws until `count` distinct values (by key) or `attempts` tries; returns what it has. */
function distinct(count, attempts, draw) {
  const seen = new Map();
  for (let i = 0; i < attempts && seen.size < count; i++) {
    const v = draw();
    if (v) seen.set(JSON.stringify(v), v);
  }
  return [...seen.values()];
}

/**
 * The variable sets per workload, `count` of each where the data has that many distinct ones:
 * key lookup and an official's meetings — the same official ids; nested — a `before` day between the 20th-oldest
 * meeting and the newest (so the page of 20 is full); filtered page — a format and a `from` day up to that format's newest meeting (so something matches);
 * search — words of entity names, their prefixes of 3+ letters, and two-word phrases from one name (each finds that
 * entity: every word is a prefix, all required); shortest path — ordered pairs of distinct officials.
 */
export function variableSets(entities, seed, count) {
  const random = seededRandom(seed * 2654435761);
  const officials = entities.filter(e => e.kind === 'Official').map(e => e.key).sort();
  const meetings = entities.filter(e => e.kind === 'Meeting' && e.properties?.format && e.properties?.startsOn);
  const starts = meetings.map(m => Date.parse(m.properties.startsOn)).sort((a, b) => a - b);
  const byFormat = new Map();
  for (const m of meetings) {
    const range = byFormat.get(m.properties.format) ?? { first: Infinity, last: -Infinity, n: 0 };
    const at = Date.parse(m.properties.startsOn);
    byFormat.set(m.properties.format, { first: Math.min(range.first, at), last: Math.max(range.last, at), n: range.n + 1 });
  }
  const formats = [...byFormat.keys()].sort();
  const formatWeights = formats.map(f => byFormat.get(f).n);
  const pickFormat = () => {
    let r = random() * meetings.length;
    for (let i = 0; i < formats.length; i++) if ((r -= formatWeights[i]) < 0) return formats[i];
    return formats.at(-1);
  };

  const phrases = new Set();
  for (const e of entities) {
    if (e.kind === 'Source') continue;
    const words = (e.name ?? '').match(/[\p{L}\p{N}]{3,}/gu) ?? [];
    for (const w of words) for (let n = 3; n <= w.length; n++) phrases.add(w.slice(0, n));
    for (let i = 0; i + 1 < words.length; i++) phrases.add(`${words[i]} ${words[i + 1]}`);
  }

  const nestedFrom = starts[Math.min(19, starts.length - 1)];
  const nestedTo = starts.at(-1);
  const tries = count * 20;
  const officialIds = shuffled(officials, random).slice(0, count).map(k => ({ id: Buffer.from(`Official:${k}`).toString('base64') }));
  return {
    'key-lookup': officialIds,
    'official-meetings': officialIds,
    nested: distinct(count, tries, () => ({ before: isoDay(nestedFrom + Math.floor(random() * ((nestedTo - nestedFrom) / day + 1)) * day) })),
    'filtered-page': distinct(count, tries, () => {
      const format = pickFormat();
      const { first, last } = byFormat.get(format);
      return { format, from: isoDay(first + Math.floor(random() * ((last - first) / day + 1)) * day) };
    }),
    search: shuffled([...phrases].sort(), random).slice(0, count).map(text => ({ text })),
    'shortest-path': distinct(count, tries, () => {
      const from = officials[Math.floor(random() * officials.length)];
      const to = officials[Math.floor(random() * officials.length)];
      return from === to ? null : { from, to };
    }),
  };
}

/** Indices spread evenly over a list of n: the requests whose bytes are compared across servers. */
export const sampleIndices = (n, size) => Array.from({ length: Math.min(n, size) }, (_, i) => Math.floor((i * n) / Math.min(n, size)));

/**
 * A wrk script that sends the bodies in turn, one per request, starting over at the end (the bodies are one JSON line
 * each, pre-rendered into whole requests at start so the script does no work per request). With `paceMs`, each
 * connection waits that long before its next request: the fixed-rate latency run.
 */
export function variedLua(file, bodies, paceMs = null) {
  const bodyFile = `${file}.bodies`;
  writeFileSync(bodyFile, bodies.join('\n') + '\n');
  writeFileSync(file, `wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
local requests = {}
local index = 0
function init(args)
  for line in io.lines([==[${bodyFile}]==]) do
    if #line > 0 then requests[#requests + 1] = wrk.format(nil, nil, nil, line) end
  end
end
function request()
  index = index % #requests + 1
  return requests[index]
end
${paceMs === null ? '' : `function delay()\n  return ${Math.round(paceMs)}\nend\n`}`);
  return file;
}

export const luaPath = (dir, name) => join(dir, `${name}.lua`);
