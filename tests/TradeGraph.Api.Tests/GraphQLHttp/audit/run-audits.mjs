// Runs every graphql-http server audit (MUST, SHOULD and MAY) against the URL given and prints one JSON array:
// [{ id, name, status, reason? }]. The .NET test decides what passes.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node run-audits.mjs <graphql url>');
  process.exit(2);
}

const results = [];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  try {
    const result = await audit.fn();
    let reason = result.reason;
    if (result.status !== 'ok' && result.response) {
      const body = await result.response.text().catch(() => '');
      reason += ` (got ${result.response.status} ${result.response.headers.get('content-type') ?? ''} ${body.slice(0, 200)})`;
    }
    results.push({ id: audit.id, name: audit.name, status: result.status, reason });
  } catch (error) {
    results.push({ id: audit.id, name: audit.name, status: 'fatal', reason: String(error) });
  }
}
console.log(JSON.stringify(results));
