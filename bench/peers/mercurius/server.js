// The peer of bench/: the schema subset the workloads (bench/workloads/*.graphql) need, with TradeGraph's type
// and field names, served by fastify + mercurius with graphql-jit from memory. It loads the same seed-format JSON the
// store imports and answers byte for byte as TradeGraph does (orders, tie-breaks, search ranking, path choice).
//   node server.js --data <file-or-folder of seed JSON> [--port 4001]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import mercurius from 'mercurius';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs, []));
const port = Number(args.port ?? 4001);

// ---- data and indexes, built once at start ----
const files = statSync(args.data).isDirectory()
  ? readdirSync(args.data).filter(f => f.endsWith('.json')).sort().map(f => join(args.data, f))
  : [args.data];
const entities = [];
const relationships = [];
for (const file of files) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  for (const e of doc.entities ?? []) entities.push(e); // not push(...x): a million arguments overflow the stack
  for (const r of doc.relationships ?? []) relationships.push(r);
}

// Keys compare by UTF-16 code unit here and ordinally (bytes) in TradeGraph: the same for the generated keys.
const byKey = (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const entityByKey = new Map();
for (const e of entities) {
  // Properties first: TradeMeasure has its own `kind` property, which must not hide the entity's kind.
  entityByKey.set(e.key, { ...e.properties, kind: e.kind, key: e.key, name: e.name, aliases: e.aliases ?? [], description: e.description ?? null });
}

const participantsOf = new Map(); // meeting key → officials, by key
const meetingsOf = new Map(); // official key → meetings, by key (Official.meetings' default order)
const countryOf = new Map(); // official key → country
for (const r of relationships) {
  if (r.type === 'PARTICIPATES_IN') {
    let list = participantsOf.get(r.to);
    if (!list) participantsOf.set(r.to, (list = []));
    list.push(entityByKey.get(r.from));
    let meetingsList = meetingsOf.get(r.from);
    if (!meetingsList) meetingsOf.set(r.from, (meetingsList = []));
    meetingsList.push(entityByKey.get(r.to));
  } else if (r.type === 'REPRESENTS') {
    countryOf.set(r.from, entityByKey.get(r.to));
  }
}
for (const list of participantsOf.values()) list.sort(byKey);
for (const list of meetingsOf.values()) list.sort(byKey);

// Meetings by startsOn DESC (nulls last, as SQLite orders NULL lowest), then key; and per format by startsOn DESC,
// name, key with undated meetings left out (they never pass `startsOn: { gte }`).
const meetings = [...entityByKey.values()].filter(e => e.kind === 'Meeting');
const byStartsDesc = (a, b) => (a.startsOn ?? '') === (b.startsOn ?? '') ? 0 : (a.startsOn ?? '') < (b.startsOn ?? '') ? 1 : -1;
const meetingsByStart = [...meetings].sort((a, b) => byStartsDesc(a, b) || byKey(a, b));
const datedCount = meetingsByStart.filter(m => m.startsOn != null).length; // the dated ones are a prefix
const datedByFormat = new Map();
for (const m of meetings) {
  if (m.format == null || m.startsOn == null) continue;
  let list = datedByFormat.get(m.format);
  if (!list) datedByFormat.set(m.format, (list = []));
  list.push(m);
}
for (const list of datedByFormat.values()) list.sort((a, b) => byStartsDesc(a, b) || cmp(a.name, b.name) || byKey(a, b));

// ---- full-text search: TradeGraph's FTS5 ranking (bm25 with column weights 10/6/1, unicode61 remove_diacritics
// tokens, every word a prefix, all words required) plus its bonus for a name or alias equal to (+2) or starting
// with (+1) the text, rounded to 6 places, best first then by key.
const fold = s => s.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase().normalize('NFC');
const tokens = s => fold(s).split(/[^\p{L}\p{N}\p{Co}]+/u).filter(Boolean);
// The store indexes the aliases' text, one per line (SQLite schema 8; before, their JSON, whose \uXXXX escapes split words).
const weights = [10, 6, 1];
const docs = [...entityByKey.values()];
const postings = new Map(); // term → [{ doc, counts: [name, aliases, description] }]
let totalTokens = 0;
docs.forEach((e, doc) => {
  const columns = [e.name, e.aliases.join('\n'), e.description ?? ''];
  let length = 0;
  columns.forEach((text, column) => {
    for (const t of tokens(text)) {
      length++;
      let list = postings.get(t);
      if (!list) postings.set(t, (list = []));
      let last = list[list.length - 1];
      if (!last || last.doc !== doc) list.push((last = { doc, counts: [0, 0, 0] }));
      last.counts[column]++;
    }
  });
  e.searchLength = length;
  e.searchText = '\n' + [e.name, ...e.aliases].map(fold).join('\n') + '\n';
  totalTokens += length;
});
const vocabulary = [...postings.keys()].sort(cmp);
const averageLength = totalTokens / docs.length;

function prefixHits(word) {
  let lo = 0;
  let hi = vocabulary.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (vocabulary[mid] < word) lo = mid + 1; else hi = mid; }
  const freq = new Map(); // doc → weighted frequency
  for (let i = lo; i < vocabulary.length && vocabulary[i].startsWith(word); i++) {
    for (const p of postings.get(vocabulary[i])) {
      freq.set(p.doc, (freq.get(p.doc) ?? 0) + p.counts[0] * weights[0] + p.counts[1] * weights[1] + p.counts[2] * weights[2]);
    }
  }
  return freq;
}

function search(text, first) {
  const words = fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0) return [];
  const hits = words.map(prefixHits);
  const n = docs.length;
  const idf = hits.map(h => { const v = Math.log((n - h.size + 0.5) / (h.size + 0.5)); return v <= 0 ? 1e-6 : v; });
  const phrase = fold(text).trim();
  const scored = [];
  for (const doc of hits[0].keys()) {
    if (!hits.every(h => h.has(doc))) continue;
    const e = docs[doc];
    if (e.kind === 'Source') continue;
    let bm25 = 0;
    hits.forEach((h, i) => {
      const f = h.get(doc);
      bm25 += idf[i] * ((f * (1.2 + 1.0)) / (f + 1.2 * (1 - 0.75 + 0.75 * e.searchLength / averageLength)));
    });
    const bonus = e.searchText.includes('\n' + phrase + '\n') ? 2 : e.searchText.includes('\n' + phrase) ? 1 : 0;
    scored.push({ score: Math.round((-(-1.0 * bm25) + bonus) * 1e6) / 1e6, e });
  }
  scored.sort((a, b) => b.score - a.score || byKey(a.e, b.e));
  return scored.slice(0, first);
}

// ---- shortest path: breadth-first over every relationship in either direction, neighbours in key order, so the
// path through the smallest keys wins ties (TradeGraph's projection: nodes numbered by key, rows by neighbour).
const nodeKeys = docs.map(e => e.key).sort(cmp);
const nodeId = new Map(nodeKeys.map((k, i) => [k, i]));
const adjacency = nodeKeys.map(() => []);
for (const r of relationships) {
  const a = nodeId.get(r.from);
  const b = nodeId.get(r.to);
  if (a === undefined || b === undefined) continue;
  adjacency[a].push(b);
  adjacency[b].push(a);
}
const rowStart = new Int32Array(nodeKeys.length + 1);
adjacency.forEach((row, i) => { row.sort((x, y) => x - y); rowStart[i + 1] = rowStart[i] + row.length; });
const neighbours = Int32Array.from(adjacency.flat());
adjacency.length = 0;

function shortestPath(from, to, maxHops) {
  const source = nodeId.get(from);
  const target = nodeId.get(to);
  if (source === undefined || target === undefined) return { length: 0, nodes: [] };
  if (source === target) return { length: 0, nodes: [entityByKey.get(from)] };
  const hops = maxHops ?? Infinity;
  const depth = new Map([[source, 0]]);
  const parent = new Map();
  const queue = [source];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head];
    const du = depth.get(u);
    if (du >= hops) continue;
    for (let k = rowStart[u]; k < rowStart[u + 1]; k++) {
      const v = neighbours[k];
      if (depth.has(v)) continue;
      depth.set(v, du + 1);
      parent.set(v, u);
      if (v === target) {
        const path = [v];
        for (let w = v; w !== source;) { w = parent.get(w); path.push(w); }
        return { length: du + 1, nodes: path.reverse().map(i => entityByKey.get(nodeKeys[i])) };
      }
      queue.push(v);
    }
  }
  return { length: 0, nodes: [] };
}

// ---- schema: TradeGraph's names, only what the workloads select ----
const kinds = [...new Set(docs.map(e => e.kind))].filter(k => k !== 'Source');
const plain = kinds.filter(k => !['Official', 'Country', 'Meeting'].includes(k));
const schema = `
scalar Date
enum MeetingFormat { TRADE_TALKS LEADERS_MEETING PULL_ASIDE SUMMIT }
enum EventStatus { PLANNED SCHEDULED IN_PROGRESS COMPLETED CANCELLED }
enum SortEnumType { ASC DESC }
interface Node { id: ID! }
interface Entity implements Node { id: ID! key: String! name: String! }
type Source implements Node { id: ID! key: String! }
type Official implements Node & Entity {
  id: ID! key: String! name: String! title: String country: Country
  meetings(first: Int): MeetingsConnection!
}
type Country implements Node & Entity { id: ID! key: String! name: String! isoCode: String! }
type Meeting implements Node & Entity {
  id: ID! key: String! name: String! format: MeetingFormat status: EventStatus startsOn: Date
  participants(first: Int): ParticipantsConnection!
}
${plain.map(k => `type ${k} implements Node & Entity { id: ID! key: String! name: String! }`).join('\n')}
type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! }
type ParticipantsConnection { nodes: [Official!]! }
type MeetingsConnection { nodes: [Meeting!]! pageInfo: PageInfo! totalCount: Int! }
input MeetingFormatOperationFilterInput { eq: MeetingFormat }
input DateOperationFilterInput { gte: Date lte: Date }
input MeetingFilterInput { format: MeetingFormatOperationFilterInput startsOn: DateOperationFilterInput }
input MeetingSortInput { name: SortEnumType startsOn: SortEnumType }
type SearchResult { score: Float! node: Entity! }
type SearchEntitiesConnection { nodes: [SearchResult!]! }
type Path { nodes: [Node!]! length: Int! }
type Query {
  node(id: ID!): Node
  meetings(first: Int, where: MeetingFilterInput, order: [MeetingSortInput!]): MeetingsConnection!
  searchEntities(text: String!, first: Int): SearchEntitiesConnection!
  shortestPath(from: String!, to: String!, maxHops: Int): Path!
}`;

const globalId = e => Buffer.from(`${e.kind}:${e.key}`).toString('base64');
const entityType = { resolveType: e => e.kind };
const isOrder = (order, expected) => order.length === expected.length
  && order.every((o, i) => Object.keys(o).length === 1 && o[expected[i][0]] === expected[i][1]);

const resolvers = {
  Node: entityType,
  Entity: entityType,
  Source: { id: globalId },
  Official: { id: globalId },
  Country: { id: globalId },
  Meeting: { id: globalId },
  ...Object.fromEntries(plain.map(k => [k, { id: globalId }])),
  Query: {
    node: (_, { id }) => {
      const text = Buffer.from(id, 'base64').toString('utf8');
      const e = entityByKey.get(text.slice(text.indexOf(':') + 1));
      return e && text.startsWith(e.kind + ':') ? e : null;
    },
    meetings: (_, { first, where, order }) => {
      const size = first ?? 10;
      let rows;
      if (!where && isOrder(order ?? [], [['startsOn', 'DESC']])) {
        rows = meetingsByStart;
      } else if (where && !where.format && where.startsOn?.lte && Object.keys(where.startsOn).length === 1 && isOrder(order ?? [], [['startsOn', 'DESC']])) {
        // meetingsByStart is startsOn DESC with the undated last: the matches run from the first day <= lte to the dated end
        const lte = where.startsOn.lte;
        let lo = 0;
        let hi = datedCount;
        while (lo < hi) { const mid = (lo + hi) >> 1; if (meetingsByStart[mid].startsOn > lte) lo = mid + 1; else hi = mid; }
        const nodes = meetingsByStart.slice(lo, Math.min(lo + size, datedCount));
        return { nodes, pageInfo: { hasNextPage: datedCount - lo > size, hasPreviousPage: false }, totalCount: datedCount - lo };
      } else if (where?.format?.eq && where.startsOn?.gte && isOrder(order ?? [], [['startsOn', 'DESC'], ['name', 'ASC']])) {
        const dated = datedByFormat.get(where.format.eq) ?? [];
        let lo = 0;
        let hi = dated.length; // dated is startsOn DESC: the matches are a prefix
        while (lo < hi) { const mid = (lo + hi) >> 1; if (dated[mid].startsOn >= where.startsOn.gte) lo = mid + 1; else hi = mid; }
        rows = dated.slice(0, lo);
      } else {
        throw new Error('The peer serves only the benchmark workloads.');
      }
      return { nodes: rows.slice(0, size), pageInfo: { hasNextPage: rows.length > size, hasPreviousPage: false }, totalCount: rows.length };
    },
    searchEntities: (_, { text, first }) => ({ nodes: search(text, first ?? 10).map(h => ({ score: h.score, node: h.e })) }),
    shortestPath: (_, { from, to, maxHops }) => shortestPath(from, to, maxHops),
  },
};

// Nested fields are batched per level, as a DataLoader would: one call for every meeting's participants, one for
// every official's country.
const loaders = {
  Meeting: {
    participants: async queries => queries.map(({ obj, params }) => ({ nodes: (participantsOf.get(obj.key) ?? []).slice(0, params.first ?? 10) })),
  },
  Official: {
    country: async queries => queries.map(({ obj }) => countryOf.get(obj.key) ?? null),
    meetings: async queries => queries.map(({ obj, params }) => ({ nodes: (meetingsOf.get(obj.key) ?? []).slice(0, params.first ?? 10) })),
  },
};

const app = Fastify({ logger: false });
app.register(mercurius, { schema, resolvers, loaders, jit: 1, graphiql: false });
await app.listen({ port, host: '127.0.0.1' });
