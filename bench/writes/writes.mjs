// Write path, one client: each round is four mutations over HTTP on fresh keys — upsertOfficial (created, citing a
// Source cited ~1,200 times), connectParticipatesIn, updateOfficial, deleteOfficial with detach — so every handler of
// the write rules runs against a real store. Several servers are measured interleaved, the same number of seconds
// each turn; it prints mutations per second per server and each server's ratio to the first. Not a test; times on a
// shared machine are noisy, so compare the ratio of servers run side by side.
//   node bench/writes/writes.mjs --key <write key> --seconds 10 --turns 3 http://127.0.0.1:5391/graphql http://127.0.0.1:5392/graphql
const argv = process.argv.slice(2);
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv.splice(i, 2)[1] : fallback; };
const key = option('--key', process.env.TRADEGRAPH_KEY);
const seconds = Number(option('--seconds', '10'));
const turns = Number(option('--turns', '3'));
const urls = argv;

async function mutate(url, field, input) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': key },
    body: JSON.stringify({ query: `mutation { ${field}(input: ${input}) { outcome errors { __typename } } }` }),
  });
  const body = await response.json();
  const payload = body.data?.[field];
  if (!payload || payload.errors) throw new Error(`${field} on ${url}: ${JSON.stringify(body)}`);
  return payload.outcome;
}

async function round(url, n) {
  const k = `bench-w-${process.pid}-${n}`;
  await mutate(url, 'upsertOfficial', `{ key: "${k}", name: "Bench Writer ${n}", title: "Envoy", sources: [{ source: "source-1", locator: "¶${n % 9 + 1}" }] }`);
  await mutate(url, 'connectParticipatesIn', `{ from: "${k}", to: "meeting-${n % 50 + 1}", role: ATTENDEE, editorial: true }`);
  await mutate(url, 'updateOfficial', `{ key: "${k}", title: "Special envoy", editorial: true }`);
  await mutate(url, 'deleteOfficial', `{ key: "${k}", detach: true }`);
  return 4;
}

const totals = urls.map(() => ({ mutations: 0, ms: 0 }));
let n = 0;
for (const url of urls) await round(url, n++); // warm up: JIT, prepared statements
for (let turn = 0; turn < turns; turn++) {
  for (const [i, url] of urls.entries()) {
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) totals[i].mutations += await round(url, n++);
    totals[i].ms += performance.now() - start;
  }
}
const rates = totals.map(t => t.mutations / (t.ms / 1000));
for (const [i, url] of urls.entries()) {
  console.log(`${url}\t${totals[i].mutations} mutations\t${rates[i].toFixed(1)}/s\tratio to first ${(rates[i] / rates[0]).toFixed(3)}`);
}
