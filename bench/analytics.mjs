// The analytics figures of the executed phase (issue 13): how long a fresh server takes to give its first analytics
// answer, and the analytics fields run on the measured server before its memory is read a second time. The fields
// are those bench/analytics-http times, over the keys of the run's shortest-path workload.
import { setTimeout as sleep } from 'node:timers/promises';
import { post } from './processes.mjs';

const elapsedMs = started => Number(process.hrtime.bigint() - started) / 1e6;

/** What a frontend's ranking page asks first: the officials by PageRank, which needs the whole-graph projection. */
export const firstAnalyticsQuery = '{ officials(order: [{ pageRank: DESC }], first: 10) { nodes { key pageRank } } }';

/** Every analytics field once (from and to: official keys), each named as bench/analytics-http names it. */
export function analyticsFields(from, to) {
  const s = JSON.stringify;
  return [
    ['shortestPath', `{ shortestPath(from: ${s(from)}, to: ${s(to)}) { length } }`],
    ['shortestPath weighted', `{ shortestPath(from: ${s(from)}, to: ${s(to)}, weightProperty: "occurrences") { length cost } }`],
    ['kShortestPaths k=3', `{ kShortestPaths(from: ${s(from)}, to: ${s(to)}, k: 3, maxHops: 6) { length } }`],
    ['neighbourhood 2 hops', `{ neighbourhood(key: ${s(from)}, hops: 2, first: 200) { nodes { distance } } }`],
    ['centrality DEGREE', '{ centrality(algorithm: DEGREE, first: 10) { nodes { score } } }'],
    ['centrality PAGE_RANK', '{ centrality(algorithm: PAGE_RANK, first: 10) { nodes { score } } }'],
    ['centrality BETWEENNESS', '{ centrality(algorithm: BETWEENNESS, first: 10) { nodes { score } } }'],
    ['centrality CLOSENESS (officials+countries)', '{ centrality(algorithm: CLOSENESS, kinds: ["Official", "Country"], first: 10) { nodes { score } } }'],
    ['communities LOUVAIN', '{ communities(algorithm: LOUVAIN) { modularity count } }'],
    ['communities WCC', '{ communities(algorithm: WEAKLY_CONNECTED_COMPONENTS) { count } }'],
    ['similarEntities', `{ similarEntities(key: ${s(from)}, via: [{ relationshipType: "PARTICIPATES_IN" }], first: 10) { score } }`],
    ['coOccurrences', `{ coOccurrences(kind: "Official", via: [{ relationshipType: "PARTICIPATES_IN" }], key: ${s(from)}, first: 10) { shared { id } } }`],
    ['officials by pageRank', firstAnalyticsQuery],
  ];
}

/** A 200 without `errors` is an answer; anything else is the reason there is none. */
async function ask(url, query) {
  const { status, bytes } = await post(url, JSON.stringify({ query }));
  const text = bytes.toString('utf8');
  return status !== 200 || text.includes('"errors"') ? { error: `${status}: ${text.slice(0, 300)}` } : { error: null };
}

/** Runs each field (all, or those given) once, in turn; returns per field its time in ms and its error (null when it answered). */
export async function runAnalyticsFields(url, from, to, fields = analyticsFields(from, to)) {
  const calls = [];
  for (const [name, query] of fields) {
    const started = process.hrtime.bigint();
    const { error } = await ask(url, query);
    calls.push({ name, ms: elapsedMs(started), error });
  }
  return calls;
}

/**
 * From spawn until the first analytics query returns 200 without errors, polled every 5 ms as the start-up figure
 * is (a poll refused or answered with errors is repeated). Returns { ms, rejected, firstRejection } — how many polls
 * were answered with errors before, and the first of them (a time limit, say) — or, past the time limit, { ms: null,
 * error } with the last reason.
 */
export async function timeToFirstAnalyticsAnswer(url, server, timeoutMs) {
  const started = process.hrtime.bigint();
  let lastError = 'not listening';
  let rejected = 0;
  let firstRejection = null;
  while (elapsedMs(started) <= timeoutMs) {
    if (server.child.exitCode !== null) return { ms: null, error: `exited (${server.child.exitCode}): ${server.stderr().slice(-300)}` };
    try {
      const { error } = await ask(url, firstAnalyticsQuery);
      if (!error) return { ms: elapsedMs(started), error: null, rejected, firstRejection };
      lastError = error;
      rejected++;
      firstRejection ??= { atMs: elapsedMs(started), error };
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  return { ms: null, error: `no answer without errors in ${timeoutMs} ms; last: ${lastError}` };
}
