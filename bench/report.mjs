// bench/RESULTS.md from every phase measured so far (bench/.data/results/<size>-<mode>.json): the executed tables
// first (the headline: response cache off, variables drawn per request), then the cached ones (response cache on, one
// fixed body per workload). Each size and phase keeps its own date, commit and load average.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function machine() {
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
const serverLabel = { tradegraph: 'TradeGraph', peer: 'mercurius + jit', ceiling: 'Kestrel ceiling' };
const mark = ok => (ok ? 'met' : '**not met**');

function header(r, p) {
  const label = r.data.source === 'generator' ? `${fmt(r.size)} relationships` : `the curated seed (stand-in for ${fmt(r.size)}: no generator in this build)`;
  p('');
  p(`### ${label}`);
  p('');
  p(`Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.quick ? ' with `--quick` (short runs: indicative only)' : ''}; ${fmt(r.data.entities)} entities, ${fmt(r.data.relationships)} relationships (seed ${r.seed}); commit \`${r.commit ?? 'unknown'}\`; 1-minute load average ${fmt(r.load?.before, 2)} before, ${fmt(r.load?.after, 2)} after (2 cores: above about 1, other work shared the machine and the absolute figures are low; the ratios, from interleaved runs, move less).${r.warmup ? ` Warm-up until steady (windows of ${r.settings?.warm ?? 5} s per workload until one is no faster than the last, at most ${r.settings?.warmMax ?? 90} s): ${Object.entries(r.warmup).map(([s, secs]) => `${serverLabel[s] ?? s} ${secs} s`).join(', ')}.` : ''}`);
}

function table(r, p) {
  p('');
  p('| workload | server | req/s (median) | runs | p50 / p99 ms at fixed rate | CPU-µs/req | alloc B/req | store round trips |');
  p('|---|---|--:|---|---|--:|--:|--:|');
  for (const w of r.workloads) {
    for (const s of Object.keys(r.servers).filter(s => r.servers[s][w])) {
      const m = r.servers[s][w];
      const fixedNote = r.mode === 'executed' && s === 'ceiling' ? ' (fixed body)' : '';
      p(`| ${s === 'tradegraph' ? w : ''} | ${serverLabel[s]}${fixedNote} | ${fmt(m.rps)} | ${m.runs.map(x => fmt(x)).join(', ')} | ${fmt(m.p50, 2)} / ${fmt(m.p99, 2)} @ ${fmt(r.rates[w])}/s | ${fmt(m.cpuUsPerRequest)} | ${m.allocPerRequest === null ? 'n/a' : fmt(m.allocPerRequest)} | ${s === 'tradegraph' ? fmt(r.roundTrips[w]) : ''} |`);
    }
  }
  p('');
  p('| workload | TradeGraph / peer req/s | TradeGraph / ceiling req/s | p99 TradeGraph / peer | bytes compared |');
  p('|---|--:|--:|--:|---|');
  for (const w of r.workloads) {
    const tg = r.servers.tradegraph[w];
    const peer = r.servers.peer?.[w];
    p(`| ${w} | ${peer ? `${fmt(ratio(tg.rps, peer.rps), 2)}×` : '–'} | ${fmt(100 * ratio(tg.rps, r.servers.ceiling[w].rps))}% | ${peer ? fmt(ratio(tg.p99, peer.p99), 2) : '–'} | ${r.identity[w]} |`);
  }
  p('');
  p('| | TradeGraph | mercurius + jit | Kestrel ceiling |');
  p('|---|--:|--:|--:|');
  p(`| start-up to first answer (existing store) | ${startupFigure(r)} | ${fmt(r.startup.peer)} ms | ${fmt(r.startup.ceiling)} ms |`);
  p(`| memory (RSS after the runs) | ${fmt(r.rss.tradegraph / 2 ** 20)} MB | ${fmt(r.rss.peer / 2 ** 20)} MB | ${fmt(r.rss.ceiling / 2 ** 20)} MB |`);
  if (r.firstAnalytics !== undefined) {
    p(`| first analytics answer after start (a fresh server, default settings) | ${r.firstAnalytics ? `${fmt(r.firstAnalytics.ms)} ms` : '–'} | | |`);
    p(`| memory (RSS right after the runs and every analytics field) | ${fmt(r.rssAfterAnalytics / 2 ** 20)} MB | | |`);
    if (r.rssSettled) p(`| memory (RSS 10 s later, no request meanwhile: what the server keeps) | ${fmt(r.rssSettled / 2 ** 20)} MB | | |`);
  }
  p(`| import (the \`import\` command, wall time) | ${fmt(r.data.importRate)} relationships/s (${fmt(r.data.importSeconds, 1)} s) | | |`);
  if (r.firstAnalytics?.error) p(`\nNo first analytics answer: ${r.firstAnalytics.error.replaceAll('|', '\\|')}`);
  if (r.firstAnalytics?.rejected) {
    const first = r.firstAnalytics.firstRejection;
    p(`\nBefore the first analytics answer, ${fmt(r.firstAnalytics.rejected)} poll(s) were answered with errors, the first at ${fmt(first.atMs)} ms: ${first.error.slice(0, 200).replaceAll('|', '\\|')}`);
  }
  if (r.analytics) {
    p('');
    p(`Analytics fields run on TradeGraph before the second memory reading (one call each, in this order, ms): ${r.analytics
      .map(a => `${a.name} ${a.error ? `**error** (${a.error.slice(0, 160).replaceAll('|', '\\|')})` : fmt(a.ms)}`).join('; ')}.`);
  }
}

// One client alone: wrk -c1 over the varied bodies, so p50 is the time one request takes with nothing queued.
function oneClientTable(r, p) {
  const measured = Object.keys(r.oneClient ?? {});
  if (!measured.length) return;
  const oneClientWorkloads = [...new Set(measured.map(k => k.split('/')[1]))];
  const cell = (s, w) => { const m = r.oneClient[`${s}/${w}`]; return m ? `${fmt(m.p50, 2)} / ${fmt(m.p99, 2)}` : '–'; };
  p('');
  p(`One client alone: \`wrk -t1 -c1\` for ${r.settings.oneClient} s per server and workload over the same varied bodies, after the runs above (each request sent when the last has returned).`);
  p('');
  p('| workload | TradeGraph p50 / p99 ms | mercurius + jit p50 / p99 ms | TradeGraph requests (errors) |');
  p('|---|--:|--:|--:|');
  for (const w of oneClientWorkloads) {
    const tg = r.oneClient[`tradegraph/${w}`];
    p(`| ${w} | ${cell('tradegraph', w)} | ${cell('peer', w)} | ${tg ? `${fmt(tg.requests)} (${fmt(tg.errors)})` : '–'} |`);
  }
}

// A row: [name, value, show, ok, { setAt1M, reason }]. A value missing (an older result, a failed measurement) is shown
// as not measured; the reason, when there is one, follows the verdict.
function targets(rows, at, p) {
  p('');
  p(`Measured at ${at}.`);
  p('');
  p('| target | measured | |');
  p('|---|--:|---|');
  for (const [name, value, show, ok, { setAt1M = false, reason = null } = {}] of rows) {
    const measured = value !== null && value !== undefined && !Number.isNaN(value);
    const verdict = measured ? mark(ok(value)) : '**not measured**';
    const why = reason ?? (value === undefined ? 'not in this result (an older harness)' : null);
    p(`| ${name} | ${measured ? show(value) : '–'} | ${verdict}${why && !(measured && ok(value)) ? `: ${why.replaceAll('|', '\\|')}` : ''}${setAt1M ? ' (goal set at 1,000,000)' : ''} |`);
  }
}

// TradeGraph's start-up: the median of the fresh starts when the run took several (from 2026-12-06), each listed.
const startupFigure = r => `${fmt(r.startup.tradegraph)} ms${r.startup.tradegraphStarts?.length > 1
  ? ` (median of ${r.startup.tradegraphStarts.map(t => fmt(t)).join(', ')})` : ''}${r.startup.tradegraphQuiet?.includes(false)
  ? ' (a start began on a core still busy after 30 s)' : ''}`;

const sizeLabel = r => (r.data.source === 'generator' ? `${fmt(r.size)} relationships` : 'the seed');
const x = v => `${fmt(v, 2)}×`;
const pct = v => `${fmt(100 * v)}%`;

// Why a path ratio below 5× is not a slow path: its CPU per request beside the peer's and beside the HTTP exchange alone.
function pathReason(r) {
  const cpu = s => r.servers[s]?.[s === 'ceiling' ? 'typename' : 'shortest-path']?.cpuUsPerRequest;
  if (![cpu('tradegraph'), cpu('peer'), cpu('ceiling')].every(Number.isFinite)) return null;
  return `CPU per request ${fmt(cpu('tradegraph'))} µs against the peer's ${fmt(cpu('peer'))} µs, of which the HTTP exchange alone `
    + `(the Kestrel ceiling's \`{ __typename }\`) is ${fmt(cpu('ceiling'))} µs; see decision 0017, "Where the 10k shortest path stands"`;
}

function executedTargets(r, p) {
  const tg = r.servers.tradegraph;
  const vsPeer = w => ratio(tg[w].rps, r.servers.peer[w].rps);
  const setAt1M = r.size < 1_000_000;
  const oneClient = (w, q) => (r.oneClient ? r.oneClient[`tradegraph/${w}`]?.[q] ?? null : undefined);
  const ms = v => `${fmt(v, 2)} ms`;
  const failed = (r.analytics ?? []).filter(a => a.error).map(a => a.name);
  targets([
    ['key lookup ≥ 1.0× the peer', vsPeer('key-lookup'), x, v => v >= 1],
    ['filtered page ≥ 1.0× the peer', vsPeer('filtered-page'), x, v => v >= 1],
    ['search ≥ 1.0× the peer', vsPeer('search'), x, v => v >= 1],
    ['3-level nested ≥ 1.5× the peer', vsPeer('nested'), x, v => v >= 1.5],
    ['shortest path ≥ 5× the peer', vsPeer('shortest-path'), x, v => v >= 5, { reason: pathReason(r) }],
    ['`{ __typename }` executed ≥ 50% of the Kestrel ceiling', ratio(tg.typename.rps, r.servers.ceiling.typename.rps), pct, v => v >= 0.5],
    ['one client: key lookup p50 < 1 ms', oneClient('key-lookup', 'p50'), ms, v => v < 1, { setAt1M }],
    ['one client: 3-level nested p50 < 5 ms', oneClient('nested', 'p50'), ms, v => v < 5, { setAt1M }],
    ['one client: filtered page p50 < 5 ms', oneClient('filtered-page', 'p50'), ms, v => v < 5, { setAt1M }],
    ['one client: an official\'s meetings p50 < 5 ms', oneClient('official-meetings', 'p50'), ms, v => v < 5, { setAt1M }],
    ['one client: search p50 < 10 ms', oneClient('search', 'p50'), ms, v => v < 10, { setAt1M }],
    ['one client: search p99 < 30 ms', oneClient('search', 'p99'), ms, v => v < 30, { setAt1M }],
    ['first analytics answer after start < 2 s', r.firstAnalytics === undefined ? undefined : r.firstAnalytics?.ms ?? null, v => `${fmt(v)} ms`, v => v < 2000,
      { setAt1M, reason: r.firstAnalytics?.error ?? null }],
    ['memory after the workloads and every analytics field < 500 MB', r.rssAfterAnalytics === undefined ? undefined : r.rssAfterAnalytics / 2 ** 20,
      v => `${fmt(v)} MB`, v => v < 500 && !failed.length, { setAt1M, reason: failed.length ? `not every field ran: ${failed.join(', ')} failed` : null }],
    ['memory 10 s after the workloads and every analytics field (what the server keeps) < 500 MB', r.rssSettled ? r.rssSettled / 2 ** 20 : undefined,
      v => `${fmt(v)} MB`, v => v < 500 && !failed.length, { setAt1M, reason: failed.length ? `not every field ran: ${failed.join(', ')} failed` : null }],
    ['memory after the workloads (before the analytics fields; for comparison)', r.rss.tradegraph / 2 ** 20, v => `${fmt(v)} MB`, v => v < 500, { setAt1M }],
  ], `${sizeLabel(r)}${setAt1M ? ' — the throughput ratios are set at 10,000 and at 1,000,000 relationships; the rows marked (goal set at 1,000,000) are verdicts only there' : ''}`, p);
}

function cachedTargets(r, p) {
  const tg = r.servers.tradegraph;
  targets([
    ['nested: ≥ 1.5× the peer\'s req/s', ratio(tg.nested.rps, r.servers.peer.nested.rps), x, v => v >= 1.5],
    ['nested: ≥ 30% of the Kestrel ceiling', ratio(tg.nested.rps, r.servers.ceiling.nested.rps), pct, v => v >= 0.3],
    ['key lookup: ≥ 50% of the Kestrel ceiling', ratio(tg['key-lookup'].rps, r.servers.ceiling['key-lookup'].rps), pct, v => v >= 0.5],
    ['start-up to first answer < 1 s', r.startup.tradegraph, () => startupFigure(r), v => v < 1000],
    ['memory < 500 MB', r.rss.tradegraph / 2 ** 20, v => `${fmt(v)} MB`, v => v < 500],
  ], `${sizeLabel(r)}${r.size >= 1_000_000 ? '' : ' — the targets are set at 1,000,000 relationships, so this is not yet the verdict'}`, p);
}

export function render(results, host) {
  const lines = [];
  const p = s => lines.push(s);
  const executed = results.filter(r => r.mode === 'executed').sort((a, b) => a.size - b.size);
  const cached = results.filter(r => r.mode === 'cached').sort((a, b) => a.size - b.size);
  p('# Benchmark results');
  p('');
  p('Written by `bench/run` (method: [decision 0013](../docs/decisions/0013-bench-harness.md)). Do not edit by hand; rerun.');
  p('');
  p(`**Machine:** ${host.cpu}, ${host.cores} cores, ${host.ram} RAM, ${host.os}. .NET SDK ${host.dotnet}, Node ${host.node}, ${host.wrk}, hey ${host.hey}.`);
  p(`Load average when the report was written: ${host.load}. Each table below gives its own date, commit and load average.`);
  p('');
  p('Each server is pinned to core 0 (`taskset -c 0`) and driven from core 1: requests/s is the median of three runs of');
  p('`wrk -t1 -c32` (runs interleaved across servers, after a warm-up); CPU-µs is the server\'s utime+stime per request');
  p('under wrk; allocations come from `GC.GetTotalAllocatedBytes` (a startup hook) per request; round trips are');
  p('TradeGraph\'s `storeRoundTrips`.');
  p('');
  p('## Executed (the headline): response cache off, variables drawn per request');
  p('');
  p('TradeGraph runs with `GraphQL:ResponseCache:Enabled=false`. Every request of a workload takes the next variable set');
  p('from a fixed list drawn from the data set with the run\'s seed (official ids; a `before` day for nested; format and');
  p('day for the filtered page; words, prefixes and two-word phrases of names for search; pairs of officials for the');
  p('shortest path) — TradeGraph and the peer get the same bodies in the same order. Their bytes were compared on a');
  p('sample spread over each list. The Kestrel ceiling can only replay recorded bytes, so it gets one fixed body per');
  p('workload (the list\'s first). Latency: `wrk -c10` paced to the rate (each connection waits 10/rate s between');
  p('requests) over the same varied bodies. `typename` is `{ __typename }`, executed, against the ceiling.');
  p('`official-meetings` is an official by id (the key lookup\'s ids) with the first 20 of its meetings. One client');
  p('alone: `wrk -t1 -c1` over the same varied bodies after the runs. First analytics answer: before the phase, a fresh');
  p('TradeGraph with the default settings on the same store, from spawn until `officials(order: [{ pageRank: DESC }],');
  p('first: 10)` answers 200 without errors (polled every 5 ms). The second memory figure is read after every');
  p('analytics field (those `bench/analytics-http` times) has run once on the measured server; the goal uses it.');
  if (!executed.length) p('\nNot measured yet.');
  for (const r of executed) {
    header(r, p);
    p('');
    p(`Variable sets per workload (distinct): ${r.workloads.filter(w => r.distinct[w]).map(w => `${w} ${fmt(r.distinct[w])}`).join(', ')}.`);
    table(r, p);
    oneClientTable(r, p);
  }
  if (executed.length) {
    p('');
    p('### Targets (issue 13)');
    for (const r of executed) executedTargets(r, p);
  }

  p('');
  p('## Cached (second table): response cache on, one fixed body per workload');
  p('');
  p('TradeGraph with its response cache on (the default): every request of a workload is the same body, so after the');
  p('first it is answered from the cache. Latency is `hey` at a fixed offered rate (10 workers × rate/10 each). Every');
  p('server\'s bytes were checked identical to TradeGraph\'s (sha256 in the last column).');
  if (!cached.length) p('\nNot measured yet.');
  for (const r of cached) {
    header(r, p);
    table(r, p);
    p('');
    p(`Variables: ${Object.entries(r.variables).filter(([, v]) => Object.keys(v).length).map(([w, v]) => `${w} \`${JSON.stringify(v)}\``).join(', ')}.`);
  }
  if (cached.length) {
    p('');
    p('### Targets (issue 7)');
    cachedTargets(cached.at(-1), p);
  }
  return lines.join('\n') + '\n';
}
