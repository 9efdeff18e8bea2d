// What the explorer learns from the schema at start (one introspection query): the kinds of node, their plain fields,
// the relationship types and their properties, and optional fields (scores, community, history, a citation's
// `inferred` and `note`), so the queries it sends ask only for what this server has.
import type { Api } from './api';

interface TypeRef { kind: string; name: string | null; ofType: TypeRef | null }
interface IntrospectedField { name: string; type: TypeRef }
interface IntrospectedType { name: string; kind: string; interfaces: { name: string }[] | null; fields: IntrospectedField[] | null }

const introspection = `{ __schema { types { name kind interfaces { name }
  fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`;

export const dateFields = ['startsOn', 'endsOn', 'announcedOn'] as const;
export const scoreFields = ['degree', 'pageRank', 'betweenness'] as const;
export type ScoreField = (typeof scoreFields)[number];

export interface NodeType {
  name: string;
  /** name, or title for a Source. */
  label: string;
  /** Plain fields (scalars, enums and lists of them) other than id, for the panel. */
  plain: string[];
  /** Fields that point at one other node (an official's country), for the panel. */
  links: string[];
  /** The kind each link points at. */
  linkTargets: Map<string, string>;
  dates: string[];
  scores: ScoreField[];
  community: boolean;
  history: boolean;
}

export interface RelationshipType { name: string; properties: string[]; history: boolean }

export class SchemaInfo {
  readonly nodeTypes = new Map<string, NodeType>();
  readonly relationshipTypes = new Map<string, RelationshipType>();
  citationExtras: string[] = [];
  /** Plain field names whose type differs between kinds (title: String! on Source, String on Official): aliased per kind. */
  private readonly conflicting = new Set<string>();
  hasRelationshipLookup = false;

  static async load(api: Api): Promise<SchemaInfo> {
    const data = await api.run<{ __schema: { types: IntrospectedType[] } }>(introspection);
    return new SchemaInfo(data.__schema.types);
  }

  private constructor(types: IntrospectedType[]) {
    const byName = new Map(types.map((t) => [t.name, t]));
    for (const type of types) {
      if (type.kind !== 'OBJECT' || !type.fields || type.name.startsWith('__')) continue;
      const implementsNames = new Set((type.interfaces ?? []).map((i) => i.name));
      const fields = new Map(type.fields.map((f) => [f.name, f]));
      const plain = type.fields.filter((f) => isPlain(f.type) && f.name !== 'id').map((f) => f.name);
      if (implementsNames.has('Node') && fields.has('key')) {
        this.nodeTypes.set(type.name, {
          name: type.name,
          label: fields.has('name') ? 'name' : 'title',
          plain,
          links: type.fields.filter((f) => isNodeLink(f.type, byName)).map((f) => f.name),
          linkTargets: new Map(type.fields.filter((f) => isNodeLink(f.type, byName)).map((f) => [f.name, unwrap(f.type).name ?? ''])),
          dates: dateFields.filter((d) => fields.has(d)),
          scores: scoreFields.filter((s) => fields.has(s)),
          community: fields.has('community'),
          history: fields.has('history'),
        });
      } else if (implementsNames.has('Relationship')) {
        this.relationshipTypes.set(type.name, { name: type.name, properties: plain.filter((p) => p !== 'type'), history: fields.has('history') });
      }
    }

    const signatures = new Map<string, Set<string>>();
    for (const type of types) {
      for (const field of type.fields ?? []) {
        if (!isPlain(field.type)) continue;
        const set = signatures.get(field.name) ?? new Set<string>();
        set.add(signature(field.type));
        signatures.set(field.name, set);
      }
    }
    for (const [name, set] of signatures) if (set.size > 1) this.conflicting.add(name);

    const citation = byName.get('SourceReference');
    this.citationExtras = ['inferred', 'note'].filter((f) => citation?.fields?.some((x) => x.name === f));
    this.hasRelationshipLookup = byName.get('Query')?.fields?.some((f) => f.name === 'relationship') ?? false;
  }

  get kinds(): string[] {
    return [...this.nodeTypes.keys()].sort();
  }

  /** The fields every node on the canvas needs: kind, id, key, name (or title) and dates. */
  nodeSelection(): string {
    const parts = ['__typename id ... on Entity { key name } ... on Source { key title }'];
    for (const t of this.nodeTypes.values()) if (t.dates.length) parts.push(`... on ${t.name} { ${t.dates.join(' ')} }`);
    return parts.join(' ');
  }

  /**
   * A score and/or the community, read apart from the canvas's nodes: the cost analysis counts an analytics field on
   * every kind of a fragment, so asking for them with every neighbourhood would pass the cost limit.
   */
  scoreSelection(score: string, community: boolean): string {
    const parts = ['__typename id ... on Entity { key } ... on Source { key }'];
    for (const t of this.nodeTypes.values()) {
      const fields = t.scores.filter((s) => s === score) as string[];
      if (community && t.community) fields.push('community { id }');
      if (fields.length) parts.push(`... on ${t.name} { ${fields.join(' ')} }`);
    }
    return parts.join(' ');
  }

  /** A node another one points at (an official's country), for the panel: its kind is known. */
  linkSelection(target: string): string {
    return target === 'Source' ? 'id key title' : 'id key name';
  }

  /** A relationship's ends by global id (each type declares its own from and to). */
  relationshipEnds(): string {
    return [...this.relationshipTypes.values()].map((t) => `... on ${t.name} { from { id } to { id } }`).join(' ');
  }

  citationSelection(): string {
    return `sources { locator ${this.citationExtras.join(' ')} source { key title publishedOn publisher url } }`;
  }

  historySelection(): string {
    return 'history { revision at actor change editorial changes { field previous current } }';
  }

  private plainField(field: string, type: string): string {
    return this.conflicting.has(field) ? `${field}__${type}: ${field}` : field;
  }

  /** Everything the panel shows for a node. */
  nodeDetails(): string {
    const parts = ['__typename', 'id'];
    for (const t of this.nodeTypes.values()) {
      const fields = t.plain.map((f) => this.plainField(f, t.name));
      for (const link of t.links) fields.push(`${link} { ${this.linkSelection(t.linkTargets.get(link) ?? '')} }`);
      if (t.name !== 'Source') fields.push(this.citationSelection());
      if (t.history) fields.push(this.historySelection());
      parts.push(`... on ${t.name} { ${fields.join(' ')} }`);
    }
    return parts.join(' ');
  }

  /** Everything the panel shows for a relationship. */
  relationshipDetails(): string {
    const parts = ['__typename', 'type', this.citationSelection()];
    for (const t of this.relationshipTypes.values()) {
      const fields = t.properties.map((f) => this.plainField(f, t.name));
      if (t.history) fields.push(this.historySelection());
      if (fields.length > 0) parts.push(`... on ${t.name} { ${fields.join(' ')} }`);
    }
    return parts.join(' ');
  }
}

/** The fields of a detail answer with the per-kind aliases taken off (title__Source → title). */
export function unaliased(data: Record<string, unknown>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(data)) plain[field.replace(/__[A-Za-z]+$/, '')] = value;
  return plain;
}

function signature(type: TypeRef | null): string {
  return type ? `${type.kind}:${type.name ?? ''}(${signature(type.ofType)})` : '';
}

function unwrap(type: TypeRef): TypeRef {
  let t = type;
  while ((t.kind === 'NON_NULL' || t.kind === 'LIST') && t.ofType) t = t.ofType;
  return t;
}

function isPlain(type: TypeRef): boolean {
  const kind = unwrap(type).kind;
  return kind === 'SCALAR' || kind === 'ENUM';
}

function isNodeLink(type: TypeRef, types: Map<string, IntrospectedType>): boolean {
  if (type.kind === 'LIST' || (type.kind === 'NON_NULL' && type.ofType?.kind === 'LIST')) return false;
  const target = unwrap(type);
  if (target.kind !== 'OBJECT' || !target.name) return false;
  const named = types.get(target.name);
  return (named?.interfaces ?? []).some((i) => i.name === 'Node') && (named?.fields ?? []).some((f) => f.name === 'key');
}
