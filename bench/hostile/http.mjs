// One GraphQL POST with a hard client deadline, and the small statistics both kinds of traffic share.
// The deadline matters: today's server answers some hostile shapes after minutes, so every request is cut at
// `timeoutMs` (its socket destroyed, as an impatient client would) and recorded as `timeout`, never awaited.
import http from 'node:http';

const keptBytes = 1 << 20; // parse bodies up to 1 MiB; larger ones (deep introspection) are only counted

/**
 * POSTs `body` and resolves (never rejects) with { status, ms, bytes, codes, json, outcome }:
 * status is the HTTP status, or 'timeout' / 'stopped' / 'refused-connection' / 'socket-error <code>'; codes are the distinct
 * `extensions.code` values of the errors; outcome is "<status> <first code>" for the report.
 */
export function postGraphQL(url, body, { headers = {}, timeoutMs, signal, agent } = {}) {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise(resolve => {
    let settled = false;
    const finish = result => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve({ ms: elapsed(), bytes: 0, codes: [], json: null, ...result, outcome: outcomeOf(result) });
    };
    const request = http.request(url, {
      method: 'POST',
      agent,
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json;q=0.9',
        'Content-Length': payload.length,
        ...headers,
      },
    });
    request.on('error', error => finish({ status: error.code === 'ECONNREFUSED' ? 'refused-connection' : `socket-error ${error.code ?? error.message}` }));
    const timer = setTimeout(() => { finish({ status: 'timeout' }); request.destroy(); }, timeoutMs);
    const onAbort = () => { finish({ status: 'stopped' }); request.destroy(); };
    if (signal?.aborted) { onAbort(); return; }
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('response', response => {
      const chunks = [];
      let bytes = 0;
      response.on('data', chunk => {
        if (bytes < keptBytes) chunks.push(chunk);
        bytes += chunk.length;
      });
      response.on('error', error => finish({ status: `socket-error ${error.code ?? error.message}`, bytes }));
      response.on('end', () => {
        const head = Buffer.concat(chunks);
        const { json, codes } = readAnswer(head, bytes <= keptBytes);
        finish({ status: response.statusCode, bytes, json, codes });
      });
    });
    request.end(payload);
  });
}

// The codes of a GraphQL answer: from the parsed body when it was kept whole, else from its first MiB.
function readAnswer(head, whole) {
  if (whole) {
    try {
      const json = JSON.parse(head.toString('utf8'));
      const codes = [...new Set((json.errors ?? []).map(e => e.extensions?.code ?? 'NO_CODE'))];
      return { json, codes };
    } catch {
      return { json: null, codes: ['NOT_JSON'] };
    }
  }
  const codes = [...new Set([...head.toString('utf8').matchAll(/"code"\s*:\s*"([A-Z_]+)"/g)].map(m => m[1]))];
  return { json: null, codes };
}

const outcomeOf = r => (r.codes?.length ? `${r.status} ${r.codes.join('+')}` : String(r.status));

export const sleep = (ms, signal) => new Promise(resolve => {
  if (signal?.aborted) { resolve(); return; }
  const timer = setTimeout(() => { signal?.removeEventListener('abort', done); resolve(); }, ms);
  const done = () => { clearTimeout(timer); resolve(); };
  signal?.addEventListener('abort', done, { once: true });
});

export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** "200 ×12, timeout ×3", most frequent first. */
export function histogram(labels) {
  const counts = new Map();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([label, n]) => `${label} ×${n}`).join(', ');
}
