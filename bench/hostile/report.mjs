// The markdown report of one hostile-load run: ordinary traffic alone vs. with hostile traffic, each hostile shape's
// answers, and the server process before, during and after.
import { histogram, percentile } from './http.mjs';
import { workloads } from './ordinary.mjs';

const num = (x, digits = 0) => (x === null || x === undefined || Number.isNaN(x) ? '–'
  : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const ratio = (a, b) => (b ? a / b : NaN);
const mb = bytes => num(bytes / 2 ** 20, 0);
const size = bytes => (!bytes ? '–' : bytes < 1e6 ? `${num(bytes / 1e3, 1)} KB` : `${num(bytes / 1e6, 1)} MB`);

/** Throughput, latency percentiles and errors of one ordinary-traffic phase. */
export function summariseOrdinary({ results, wallSeconds }) {
  const ms = results.map(r => r.ms);
  const errors = results.filter(r => !r.ok);
  const perWorkload = Object.fromEntries(workloads.map(w => {
    const own = results.filter(r => r.workload === w).map(r => r.ms);
    return [w, { count: own.length, p50: percentile(own, 50), p99: percentile(own, 99) }];
  }));
  return {
    count: results.length, rps: results.length / wallSeconds, p50: percentile(ms, 50), p90: percentile(ms, 90),
    p99: percentile(ms, 99), max: ms.length ? ms.reduce((a, b) => Math.max(a, b)) : NaN, errorRate: results.length ? errors.length / results.length : NaN,
    errors: histogram(errors.map(e => `${e.workload}: ${e.outcome}`)), perWorkload,
  };
}

/** The server's CPU share (% of one core) between consecutive samples. */
export function cpuSeries(samples) {
  const valid = samples.filter(Boolean);
  return valid.slice(1).map((s, i) => (100 * (s.cpu - valid[i].cpu)) / ((s.at - valid[i].at) / 1000 || 1));
}

/** CPU share and memory of the server over a window, from its first and last /proc samples and the max between. */
export function summariseWindow(name, samples) {
  const valid = samples.filter(Boolean);
  if (valid.length < 2) return { name, seconds: NaN, cpuPercent: NaN, rssStart: NaN, rssEnd: NaN, rssMax: NaN };
  const first = valid[0];
  const last = valid.at(-1);
  const seconds = (last.at - first.at) / 1000;
  return {
    name, seconds, cpuPercent: (100 * (last.cpu - first.cpu)) / seconds,
    rssStart: first.rss, rssEnd: last.rss, rssMax: Math.max(...valid.map(s => s.rss)), load: last.load,
  };
}

export function render(run) {
  const lines = [];
  const p = s => lines.push(s);
  const { alone, hostile } = run.ordinary;
  p(`# Hostile load — ${run.date}`);
  p('');
  p('Written by `bench/hostile-load`: the hostile-request shapes of the 2026-12 security review run concurrently with');
  p('ordinary traffic; this says what ordinary requests saw. Loopback only; the server was started and killed by the script.');
  p('');
  p(`- commit: ${run.commit}`);
  p(`- machine: ${run.machine}; load average at start ${run.loadAtStart}`);
  p(`- data: ${run.data}; response cache off; keys: admin (M3 writes, M4 setup) and a write key limited to Source (M4, M5)`);
  p(`- ordinary: ${workloads.join(', ')} in turn, fresh variables per request, ${run.settings.concurrency} concurrent clients; `
    + `phases of ${run.settings.duration} s; every request cut at ${run.settings.timeout} s`);
  p(`- server ${run.settings.pinned ? 'pinned to core 0, load generator to core 1 (as bench/run)' : 'not pinned'}; hostile shapes: ${run.shapesRun.join(', ')}`);
  if (run.notes.length) for (const note of run.notes) p(`- **note:** ${note}`);
  p('');
  p('## Ordinary traffic: alone vs. with hostile traffic');
  p('');
  p('| | alone | with hostile | with / alone |');
  p('|---|---:|---:|---:|');
  p(`| requests | ${num(alone.count)} | ${num(hostile.count)} | |`);
  p(`| throughput (req/s) | ${num(alone.rps, 1)} | ${num(hostile.rps, 1)} | **${num(ratio(hostile.rps, alone.rps), 2)}** |`);
  for (const q of ['p50', 'p90', 'p99', 'max']) {
    p(`| ${q} latency (ms) | ${num(alone[q], 1)} | ${num(hostile[q], 1)} | ${q === 'p99' ? '**' : ''}${num(ratio(hostile[q], alone[q]), 2)}${q === 'p99' ? '**' : ''} |`);
  }
  p(`| error rate | ${num(100 * alone.errorRate, 2)} % | ${num(100 * hostile.errorRate, 2)} % | |`);
  p('');
  if (alone.errors || hostile.errors) {
    p(`Errors alone: ${alone.errors || 'none'}. With hostile traffic: ${hostile.errors || 'none'}.`);
    p('');
  }
  p('| workload | alone: requests, p50 / p99 ms | with hostile: requests, p50 / p99 ms |');
  p('|---|---:|---:|');
  for (const w of workloads) {
    const a = alone.perWorkload[w];
    const h = hostile.perWorkload[w];
    p(`| ${w} | ${num(a.count)}, ${num(a.p50, 1)} / ${num(a.p99, 1)} | ${num(h.count)}, ${num(h.p50, 1)} / ${num(h.p99, 1)} |`);
  }
  p('');
  p('## Hostile shapes (during the hostile phase)');
  p('');
  p(`Each shape in its own loop, one attempt at a time with a pause between; \`timeout\` = no answer within ${run.settings.timeout} s`);
  p('(the client gave up; the server may still be working). A *violation* is a write past the key\'s kinds, or data changed by a request answered as refused.');
  p('');
  p('| shape | what | attempts | answers (HTTP status, extensions.code / outcome) | p50 ms | max ms | largest answer | violations |');
  p('|---|---|---:|---|---:|---:|---:|---|');
  for (const shape of run.shapes) {
    const done = shape.results.filter(r => r.status !== 'stopped');
    const ms = done.map(r => r.ms);
    const stopped = shape.results.length - done.length;
    const violations = shape.results.filter(r => r.violation);
    const largest = Math.max(0, ...done.map(r => r.bytes ?? 0));
    p(`| ${shape.id} | ${shape.what} | ${num(done.length)}${stopped ? ` (+${stopped} cut at phase end)` : ''} | ${histogram(done.map(r => r.outcome)) || '–'} `
      + `| ${num(percentile(ms, 50), 0)} | ${num(ms.length ? ms.reduce((a, b) => Math.max(a, b)) : NaN, 0)} | ${size(largest)} `
      + `| ${violations.length ? `**${violations.length}**: ${violations[0].violation}` : '0'} |`);
  }
  p('');
  if (run.sockets.neverRead.length || run.sockets.idle) {
    p('WebSockets at the end of the hostile phase (never-read sockets then read for up to 3 s):');
    p('');
    run.sockets.neverRead.forEach((s, i) => p(`- never-read socket ${i + 1}: ${s}`));
    if (run.sockets.idle) p(`- ${run.sockets.idle}`);
    p('');
  }
  p('## Server process (/proc) and machine');
  p('');
  p('| window | seconds | server CPU (% of one core) | RSS start → end (max), MiB | load average (1 min) at end |');
  p('|---|---:|---:|---|---:|');
  for (const w of run.windows) {
    p(`| ${w.name} | ${num(w.seconds, 0)} | ${num(w.cpuPercent, 0)} | ${mb(w.rssStart)} → ${mb(w.rssEnd)} (${mb(w.rssMax)}) | ${num(w.load, 2)} |`);
  }
  p('');
  p('CPU in the window after the hostile phase, with no client connected, is work the hostile requests left running after');
  p('their clients gave up; RSS that stays up is memory they left behind.');
  p('');
  p(`Server still running at the end: ${run.serverAlive ? 'yes' : '**no**'}. Its log (Warning and above): ${run.serverLog.levels}.`);
  if (run.serverLog.first) p(`First of the most severe entries: \`${run.serverLog.first}\``);
  if (run.afterSeries.length) p(`Server CPU second by second after the hostile phase (% of one core): ${run.afterSeries.map(x => num(x, 0)).join(', ')}.`);
  p('');
  return lines.join('\n');
}
