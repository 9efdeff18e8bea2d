// The GraphQL operations the explorer sends, built from what the schema offers (SchemaInfo).
import type { Api } from './api';
import type { SchemaInfo } from './schema';
import type { ApiNode, ApiRelationship } from './state';

export interface Subgraph { truncated: boolean; endCursor: string | null; nodes: { distance: number; node: ApiNode }[]; relationships: ApiRelationship[] }
export interface SearchHit { score: number; node: { __typename: string; key: string; name: string } }
export interface PathResult { length: number; cost: number; nodes: ApiNode[]; relationships: ApiRelationship[] }

export class Queries {
  constructor(private readonly api: Api, private readonly schema: SchemaInfo) {}

  private get node(): string {
    return this.schema.nodeSelection();
  }

  search(text: string, kinds: string[] | null, first = 8): Promise<SearchHit[]> {
    return this.api
      .run<{ searchEntities: { nodes: SearchHit[] } }>(
        `query Suggest($text: String!, $kinds: [String!], $first: Int) {
          searchEntities(text: $text, kinds: $kinds, fuzzy: true, first: $first) { nodes { score node { __typename key name } } } }`,
        { text, kinds, first })
      .then((d) => d.searchEntities.nodes);
  }

  /**
   * The entity and its neighbours one hop away (of some relationship types), at most `first` nodes with the centre,
   * nearest first, ties by key; after a previous page's `endCursor` the next ones (the centre comes again).
   */
  neighbourhood(key: string, first: number, relationshipTypes: string[] | null = null, after: string | null = null): Promise<Subgraph> {
    return this.api
      .run<{ neighbourhood: Subgraph }>(
        `query Neighbourhood($key: String!, $first: Int, $types: [String!], $after: String) {
          neighbourhood(key: $key, hops: 1, first: $first, relationshipTypes: $types, after: $after) {
            truncated endCursor nodes { distance node { ${this.node} } } relationships { type from { id } to { id } } } }`,
        { key, first, types: relationshipTypes, after })
      .then((d) => d.neighbourhood);
  }

  /** The relationships of an entity by type (for the expand menu): types and the keys at their other ends. */
  relationshipsOf(key: string): Promise<{ truncated: boolean; relationships: ApiRelationship[] }> {
    return this.api
      .run<{ neighbourhood: { truncated: boolean; relationships: ApiRelationship[] } }>(
        `query Around($key: String!) { neighbourhood(key: $key, hops: 1, first: 500) {
          truncated relationships { type from { id } to { id } } } }`,
        { key })
      .then((d) => d.neighbourhood);
  }

  /**
   * The relationships around many entities (a restored view), 6 entities a request (aliases), each its nearest 200:
   * sized to stay under the cost limit. The caller keeps those whose both ends are on the canvas.
   */
  async relationshipsAround(keys: string[]): Promise<ApiRelationship[]> {
    const batches: string[][] = [];
    for (let i = 0; i < keys.length; i += 6) batches.push(keys.slice(i, i + 6));
    const answers = await Promise.all(batches.map((batch) => {
      const variables = Object.fromEntries(batch.map((key, i) => [`k${i}`, key]));
      const declared = batch.map((_, i) => `$k${i}: String!`).join(', ');
      const fields = batch.map((_, i) => `a${i}: neighbourhood(key: $k${i}, hops: 1, first: 200) { relationships { type from { id } to { id } } }`).join(' ');
      return this.api.run<Record<string, { relationships: ApiRelationship[] }>>(`query Around(${declared}) { ${fields} }`, variables);
    }));
    return answers.flatMap((answer) => Object.values(answer).flatMap((a) => a.relationships));
  }

  /** A score and/or the community of nodes, 40 a request (each analytics field is costed on every kind). */
  async scores(ids: string[], score: string, community: boolean): Promise<ApiNode[]> {
    const found: ApiNode[] = [];
    const selection = this.schema.scoreSelection(score, community);
    for (let i = 0; i < ids.length; i += 40) {
      const data = await this.api.run<{ nodes: (ApiNode | null)[] }>(`query Scores($ids: [ID!]!) { nodes(ids: $ids) { ${selection} } }`, { ids: ids.slice(i, i + 40) });
      for (const n of data.nodes) if (n) found.push(n);
    }
    return found;
  }

  /** Nodes by global id (Kind:key, base64url), in pages the API accepts. */
  async nodes(ids: string[]): Promise<ApiNode[]> {
    const found: ApiNode[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      const data = await this.api.run<{ nodes: (ApiNode | null)[] }>(`query Nodes($ids: [ID!]!) { nodes(ids: $ids) { ${this.node} } }`, { ids: ids.slice(i, i + 50) });
      for (const n of data.nodes) if (n) found.push(n);
    }
    return found;
  }

  paths(from: string, to: string, k: number): Promise<PathResult[]> {
    return this.api
      .run<{ kShortestPaths: PathResult[] }>(
        `query Paths($from: String!, $to: String!, $k: Int!) { kShortestPaths(from: $from, to: $to, k: $k, maxHops: 8) {
          length cost nodes { ${this.node} } relationships { type from { id } to { id } } } }`,
        { from, to, k })
      .then((d) => d.kShortestPaths);
  }

  nodeDetails(id: string): Promise<Record<string, unknown> | null> {
    return this.api
      .run<{ node: Record<string, unknown> | null }>(`query Details($id: ID!) { node(id: $id) { ${this.schema.nodeDetails()} } }`, { id })
      .then((d) => d.node);
  }

  relationshipDetails(type: string, from: string, to: string): Promise<Record<string, unknown> | null> {
    return this.api
      .run<{ relationship: Record<string, unknown> | null }>(
        `query Relationship($type: String!, $from: String!, $to: String!) { relationship(type: $type, from: $from, to: $to) { ${this.schema.relationshipDetails()} } }`,
        { type, from, to })
      .then((d) => d.relationship);
  }

  /** The subscription the live view listens to: every change, with enough to draw it. */
  get liveSubscription(): string {
    return `subscription Live { graphChanged { revision change kind key actor at entity { ${this.node} }
      relationship { type ${this.schema.relationshipEnds()} } } }`;
  }
}
