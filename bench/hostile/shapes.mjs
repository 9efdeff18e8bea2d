// The hostile shapes of /work/shared/docs/security-review-2026-12.md, one entry each, at the sizes the review
// measured (seconds to minutes on today's server). Each `run` makes one attempt and resolves with
// { outcome, ms, bytes, violation? }: `violation` is set when the server changed data while answering "refused",
// or let a key write past its kinds. Keys of the data set come from `ctx.data`, so the shapes work on any graph.
import { histogram, postGraphQL, sleep } from './http.mjs';
import { GraphQLSocket } from './websocket.mjs';

const post = (ctx, body, key) => postGraphQL(ctx.url, body, {
  timeoutMs: ctx.timeoutMs, signal: ctx.signal, agent: ctx.agent, headers: key ? { 'X-Api-Key': key } : {},
});
const errorCodes = payload => (payload?.errors ?? []).map(e => e.code);

function fragmentChain(levels, type) {
  const chain = Array.from({ length: levels }, (_, i) => `fragment F${i} on ${type}{...F${i + 1} ...F${i + 1}}`);
  return `${chain.join(' ')} fragment F${levels} on ${type}{name}`;
}

function orFilter(terms, hops) {
  return Array.from({ length: terms }, (_, i) => {
    let node = { name: { contains: `zz${i}`, ignoreCase: true } };
    for (let h = 0; h < hops; h++) node = { [h % 2 === 0 ? 'participants' : 'meetings']: { some: node } };
    return node;
  });
}

const introspection = '{ __type(name:"Entity") { possibleTypes { name interfaces { name possibleTypes { name interfaces { name possibleTypes { name interfaces { name possibleTypes { name interfaces { name possibleTypes { name } } } } } } } } } } }';

const subscriptionQuery = 'subscription { graphChanged { revision change kind key entity { id ... on Topic { name aliases description history { revision actor changes { field previous current } } } ... on Official { name aliases description title history { revision actor changes { field previous current } } } } } }';

// The M4 shapes' allowed first step; returns a result to record instead when it did not succeed.
async function upsertOwnSource(ctx, source) {
  const r = await post(ctx, { query: `mutation{upsertSource(input:{key:"${source}",title:"Hostile ${ctx.iteration}",editorial:true}){outcome}}` }, ctx.keys.sourceOnly);
  return r.json?.data?.upsertSource?.outcome ? null : { ...r, outcome: `setup failed (own source): ${r.outcome}`, violation: null };
}

async function sourceExists(ctx, key) {
  const r = await post(ctx, { query: 'query($k:String!){ sources(where:{key:{eq:$k}}){ nodes{ key } } }', variables: { k: key } });
  return (r.json?.data?.sources?.nodes?.length ?? 0) > 0;
}

export const shapes = [
  {
    id: 'H1', what: 'fragment-spread explosion, 22 levels (~1 KB), anonymous query', pauseMs: 1000,
    run: ctx => post(ctx, { query: `query{officials(first:1){nodes{...F0}}} ${fragmentChain(22, 'Official')}` }),
  },
  {
    id: 'H1-anon-mutation', what: 'the same explosion (21 levels) on a mutation with no key (cost walk before the 401)', pauseMs: 1000,
    run: ctx => post(ctx, { query: `mutation{upsertTopic(input:{key:"h1-anon",name:"x",editorial:true}){topic{...F0}}} ${fragmentChain(21, 'Topic')}` }),
  },
  {
    id: 'H2', what: 'introspection nested 4 levels (224 chars, 27.6 MB answer on the seed)', pauseMs: 1000,
    run: ctx => post(ctx, { query: introspection }),
  },
  {
    id: 'H4', what: 'where: or of 200 terms × 8 relationship hops (52 KB)', pauseMs: 1000,
    run: ctx => post(ctx, {
      query: 'query($w:OfficialFilterInput){officials(where:$w,first:50){totalCount nodes{key}}}',
      variables: { w: { or: orFilter(200, 8) } },
    }),
  },
  {
    id: 'H5', what: '300 meetingsCount sort keys with a forged cursor (22 KB)', pauseMs: 1000,
    run: ctx => {
      const n = 300;
      const cursor = Buffer.from(JSON.stringify([Array(n).fill('#PARTICIPATES_IN/Outgoing:a').join(','), Array(n).fill(0), 'a'])).toString('base64url');
      return post(ctx, {
        query: 'query($o:[OfficialSortInput!],$a:String){officials(order:$o,after:$a,first:5){nodes{key}}}',
        variables: { o: Array(n).fill({ meetingsCount: 'ASC' }), a: cursor },
      });
    },
  },
  {
    id: 'H6', what: 'searchEntities with 4,000 words ("a a a …", 8 KB)', pauseMs: 1000,
    run: ctx => post(ctx, { query: 'query($t:String!){searchEntities(text:$t,first:1){nodes{score}}}', variables: { t: 'a '.repeat(4000) } }),
  },
  {
    id: 'H7', what: '19 aliased shortestPath, each with a distinct 45 KB weightProperty (857 KB)', pauseMs: 1000,
    run: ctx => {
      const aliases = Array.from({ length: 19 }, (_, i) => i);
      const declared = aliases.map(i => `$w${i}:String`).join(',');
      const fields = aliases.map(i => `a${i}:shortestPath(from:$f,to:$t,weightProperty:$w${i}){length}`).join(' ');
      const variables = { f: ctx.data.topOfficial, t: ctx.data.otherOfficial };
      for (const i of aliases) variables[`w${i}`] = `w${ctx.iteration}-${i}-${'w'.repeat(45_000)}`;
      return post(ctx, { query: `query($f:String!,$t:String!,${declared}){${fields}}`, variables });
    },
  },
  {
    id: 'M2-var-default', what: 'page sizes of 50 as variable defaults, three levels (estimated 2,221, resolves up to 125,000)', pauseMs: 1000,
    run: ctx => post(ctx, { query: 'query($n:Int=50){ officials(first:$n){nodes{meetings(first:$n){nodes{participants(first:$n){nodes{name}}}}}} }' }),
  },
  {
    id: 'M2-neighbourhood', what: 'neighbourhood(hops:4, first:500) → meetings(50) → participants(50) (estimated 6,104)', pauseMs: 1000,
    run: ctx => post(ctx, {
      query: `{ neighbourhood(key:"${ctx.data.topOfficial}", hops:4, first:500){ nodes{ node{ ...on Official{ meetings(first:50){nodes{participants(first:50){nodes{name}}}} } } } } }`,
    }),
  },
  {
    id: 'M3-subscriptions', what: 'one WebSocket, 100 subscriptions with nested history, then never read', pauseMs: 20_000,
    run: async ctx => {
      const started = process.hrtime.bigint();
      const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
      let socket;
      try {
        socket = await GraphQLSocket.open(ctx.host, ctx.port, ctx.timeoutMs);
      } catch (error) {
        return { outcome: `upgrade refused: ${error.message.slice(0, 60)}`, ms: ms(), bytes: 0 };
      }
      ctx.neverRead.push(socket);
      socket.send({ type: 'connection_init', payload: {} });
      const ack = await socket.waitFor(m => m.type === 'connection_ack', 5000);
      if (!ack) return { outcome: socket.closeCode ? `closed ${socket.closeCode}` : 'no connection_ack', ms: ms(), bytes: socket.bytesRead };
      for (let i = 0; i < 100; i++) socket.send({ id: `s${i}`, type: 'subscribe', payload: { query: subscriptionQuery } });
      await sleep(1000, ctx.signal); // long enough for an immediate refusal (error message or close) to arrive
      const refused = socket.messages.filter(m => m.type === 'error').length;
      socket.stopReading();
      const state = socket.closeCode ? `closed ${socket.closeCode}` : socket.ended ? 'ended' : 'open';
      return { outcome: `ack, 100 subscribed, ${refused} refused, ${state}`, ms: ms(), bytes: socket.bytesRead };
    },
  },
  {
    id: 'M3-writes', what: 'applyChanges of 600 topic upserts (admin key), so every subscriber has 600 events to run', pauseMs: 10_000,
    run: async ctx => {
      // names new to this run and round, so every upsert is a real change and publishes an event
      const round = `${ctx.runId}-${ctx.iteration}`;
      const changes = Array.from({ length: 600 }, (_, j) => ({ upsertTopic: { key: `hostile-m3-topic-${j}`, name: `Hostile topic ${j} round ${round}`, editorial: true } }));
      const r = await post(ctx, { query: 'mutation($c:[ChangeInput!]!){ applyChanges(input:{changes:$c}){ revision errors{ ... on Error { code } } } }', variables: { c: changes } }, ctx.keys.admin);
      const refused = errorCodes(r.json?.data?.applyChanges);
      return { ...r, outcome: refused.length ? `${r.outcome} ${refused[0]}` : r.outcome };
    },
  },
  {
    id: 'M3-sockets', what: '200 anonymous WebSockets with connection_init, held open (once per phase)', pauseMs: 0, once: true,
    run: async ctx => {
      const started = process.hrtime.bigint();
      const opened = await Promise.all(Array.from({ length: 200 }, async () => {
        try {
          const socket = await GraphQLSocket.open(ctx.host, ctx.port, ctx.timeoutMs);
          ctx.idle.push(socket);
          socket.send({ type: 'connection_init', payload: {} });
          return (await socket.waitFor(m => m.type === 'connection_ack', 5000)) ? 'ack' : (socket.closeCode ? `closed ${socket.closeCode}` : 'no ack');
        } catch (error) {
          return `upgrade refused (${error.message.slice(0, 40)})`;
        }
      }));
      const counts = new Map();
      for (const o of opened) counts.set(o, (counts.get(o) ?? 0) + 1);
      return { outcome: [...counts].map(([o, n]) => `${o} ${n}/${opened.length}`).join('; '), ms: Number(process.hrtime.bigint() - started) / 1e6, bytes: 0 };
    },
  },
  {
    id: 'M4-mentions', what: 'Source-only key: connectMentions from its own source to an Official', pauseMs: 3000,
    run: async ctx => {
      const source = `hostile-m4-source-${ctx.iteration}`;
      const setup = await upsertOwnSource(ctx, source);
      if (setup) return setup;
      const r = await post(ctx, {
        query: 'mutation($f:String!,$t:String!){connectMentions(input:{from:$f,to:$t,occurrences:99,editorial:true}){outcome errors{ ... on Error { code } }}}',
        variables: { f: source, t: ctx.data.randomOfficial() },
      }, ctx.keys.sourceOnly);
      const payload = r.json?.data?.connectMentions;
      const refused = errorCodes(payload);
      return { ...r, outcome: payload?.outcome ? `${r.outcome} ${payload.outcome}` : refused.length ? `${r.outcome} ${refused[0]}` : r.outcome, violation: payload?.outcome === 'CREATED' ? 'wrote MENTIONS to an Official' : null };
    },
  },
  {
    id: 'M4-detach', what: "Source-only key: deleteSource(detach:true) of a source a Topic cites", pauseMs: 3000,
    run: async ctx => {
      const source = `hostile-m4-detach-${ctx.iteration}`;
      const topic = `hostile-m4-topic-${ctx.iteration}`;
      const setup = await upsertOwnSource(ctx, source);
      if (setup) return setup;
      const citing = await post(ctx, { query: `mutation{upsertTopic(input:{key:"${topic}",name:"Hostile cited ${ctx.iteration}",sources:[{source:"${source}",locator:"¶1"}]}){outcome}}` }, ctx.keys.admin);
      if (!citing.json?.data?.upsertTopic?.outcome) return { ...citing, outcome: `setup failed (citing topic): ${citing.outcome}`, violation: null };
      const r = await post(ctx, { query: `mutation{deleteSource(input:{key:"${source}",detach:true}){outcome errors{ ... on Error { code } }}}` }, ctx.keys.sourceOnly);
      const check = await post(ctx, { query: 'query($k:String!){ topics(where:{key:{eq:$k}}){ nodes{ sources{ locator } } } }', variables: { k: topic } });
      const cited = check.json?.data?.topics?.nodes?.[0]?.sources?.length ?? -1;
      const payload = r.json?.data?.deleteSource;
      const refused = errorCodes(payload);
      return { ...r, outcome: payload?.outcome ? `${r.outcome} ${payload.outcome}` : refused.length ? `${r.outcome} ${refused[0]}` : r.outcome, violation: cited === 0 ? "stripped a Topic's citation" : null };
    },
  },
  {
    id: 'M5', what: 'Source-only key: a: upsertSource + b: upsertTopic in one document', pauseMs: 3000,
    run: async ctx => {
      const source = `hostile-m5-source-${ctx.iteration}`;
      const r = await post(ctx, {
        query: `mutation{ a: upsertSource(input:{key:"${source}",title:"Alias ${ctx.iteration}",editorial:true}){outcome} b: upsertTopic(input:{key:"hostile-m5-topic-${ctx.iteration}",name:"x",editorial:true}){outcome} }`,
      }, ctx.keys.sourceOnly);
      // only an answer can say "refused"; a timeout says nothing
      const saidRefused = typeof r.status === 'number' && ((r.json?.errors?.length ?? 0) > 0 || !r.json?.data?.a);
      const changed = saidRefused && await sourceExists(ctx, source);
      return { ...r, violation: changed ? 'refused, yet the source was written' : null };
    },
  },
];

/** After a phase: read what each never-read socket was sent (up to `budgetMs`), then close every socket. */
export async function drainSockets(ctx, budgetMs) {
  const summary = [];
  for (const socket of ctx.neverRead) {
    const wasEnded = socket.ended;
    socket.resumeReading();
    const deadline = Date.now() + budgetMs;
    let lastBytes = socket.bytesRead;
    let quietSince = Date.now();
    // read until the server closes, nothing new comes for a second, or the budget is spent
    while (Date.now() < deadline && !socket.ended && socket.closeCode === null && Date.now() - quietSince < 1000) {
      await sleep(100);
      if (socket.bytesRead !== lastBytes) { lastBytes = socket.bytesRead; quietSince = Date.now(); }
    }
    const events = socket.messages.filter(m => m.type === 'next');
    const errored = events.filter(m => m.codes.length).map(m => m.codes.join('+'));
    const errorMessages = socket.messages.filter(m => m.type === 'error').length;
    summary.push(`${socket.closeCode ? `closed ${socket.closeCode}` : wasEnded || socket.ended ? 'ended' : 'still open'}, ${events.length} events read`
      + ` (${errored.length ? `${errored.length} with errors: ${histogram(errored)}` : 'none with errors'}), ${errorMessages} error messages, ${(socket.bytesRead / 1e6).toFixed(1)} MB`);
    socket.close();
  }
  const idleAlive = ctx.idle.filter(s => !s.ended && s.closeCode === null).length;
  for (const socket of ctx.idle) socket.close();
  ctx.neverRead.length = 0;
  const idleCount = ctx.idle.length;
  ctx.idle.length = 0;
  return { neverRead: summary, idle: idleCount ? `${idleAlive} of ${idleCount} idle sockets still open at the end` : null };
}
