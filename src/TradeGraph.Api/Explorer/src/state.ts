// The graph on the canvas (a graphology graph keyed by entity key; a relationship by type|from|to), what changes it,
// and undo: each step saves the graph as it was, so undo restores it exactly (positions included).
import Graph from 'graphology';
import type { SerializedGraph } from 'graphology-types';
import { keyOfId } from './ids';

export interface NodeAttributes {
  key: string;
  id: string;
  kind: string;
  label: string;
  x: number;
  y: number;
  dates: Record<string, string>;
  scores: Record<string, number>;
  community: number | null;
  /** Arrived through the live subscription since the page opened (cleared when selected). */
  isNew: boolean;
  /** On a highlighted path (its index in the path list, from 0). */
  path: number | null;
}

export interface EdgeAttributes {
  type: string;
  isNew: boolean;
  path: number | null;
}

export type ViewGraph = Graph<NodeAttributes, EdgeAttributes>;

/** A node as the API returns it (`nodeSelection`). */
export interface ApiNode {
  __typename: string;
  id: string;
  key: string;
  name?: string;
  title?: string;
  community?: { id: number } | null;
  [field: string]: unknown;
}

export interface ApiRelationship { type: string; from: { id: string }; to: { id: string } }

export const edgeKey = (type: string, from: string, to: string): string => `${type}|${from}|${to}`;

export class GraphState {
  readonly graph: ViewGraph = new Graph<NodeAttributes, EdgeAttributes>({ type: 'directed', multi: true, allowSelfLoops: true });
  private readonly undoStack: SerializedGraph<NodeAttributes, EdgeAttributes>[] = [];
  private readonly listeners: (() => void)[] = [];

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  /** Saves the graph as it is, so the change about to be made can be undone (the last 30 steps are kept). */
  checkpoint(): void {
    this.undoStack.push(this.graph.export());
    if (this.undoStack.length > 30) this.undoStack.shift();
  }

  undo(): boolean {
    const previous = this.undoStack.pop();
    if (!previous) return false;
    this.graph.clear();
    this.graph.import(previous);
    this.changed();
    return true;
  }

  /** Adds or refreshes a node; a new one is placed near `near` (or at random) for the layout to settle. */
  upsertNode(node: ApiNode, near?: string, isNew = false): boolean {
    const dates: Record<string, string> = {};
    for (const [field, value] of Object.entries(node)) {
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) dates[field] = value;
    }
    const attributes = { key: node.key, id: node.id, kind: node.__typename, label: labelOf(node), dates };
    if (this.graph.hasNode(node.key)) {
      this.graph.mergeNodeAttributes(node.key, isNew ? { ...attributes, isNew } : attributes);
      return false;
    }
    const anchor = near && this.graph.hasNode(near) ? this.graph.getNodeAttributes(near) : null;
    const spread = anchor ? 30 : 200;
    this.graph.addNode(node.key, {
      ...attributes,
      x: (anchor?.x ?? 0) + (Math.random() - 0.5) * spread,
      y: (anchor?.y ?? 0) + (Math.random() - 0.5) * spread,
      scores: {}, community: null, isNew, path: null,
    });
    return true;
  }

  /** Adds a node's scores and community (read apart, `Queries.scores`) to what it has. */
  mergeScores(node: ApiNode): void {
    if (!this.graph.hasNode(node.key)) return;
    const scores = { ...this.graph.getNodeAttribute(node.key, 'scores') };
    for (const [field, value] of Object.entries(node)) if (typeof value === 'number') scores[field] = value;
    this.graph.mergeNodeAttributes(node.key, { scores, ...(node.community !== undefined ? { community: node.community?.id ?? null } : {}) });
  }

  addRelationship(relationship: ApiRelationship, isNew = false): boolean {
    const from = keyOfId(relationship.from.id), to = keyOfId(relationship.to.id);
    if (!this.graph.hasNode(from) || !this.graph.hasNode(to)) return false;
    const key = edgeKey(relationship.type, from, to);
    if (this.graph.hasEdge(key)) {
      if (isNew) this.graph.setEdgeAttribute(key, 'isNew', true);
      return false;
    }
    this.graph.addDirectedEdgeWithKey(key, from, to, { type: relationship.type, isNew, path: null });
    return true;
  }

  removeNode(key: string): void {
    if (this.graph.hasNode(key)) this.graph.dropNode(key);
  }

  /** Removes the neighbours of a node that hang off it alone (nothing else on the canvas holds them). */
  collapse(key: string): number {
    if (!this.graph.hasNode(key)) return 0;
    const leaves = this.graph.neighbors(key).filter((n) => this.graph.neighbors(n).every((m) => m === key));
    for (const leaf of leaves) this.graph.dropNode(leaf);
    return leaves.length;
  }

  clearPaths(): void {
    this.graph.updateEachNodeAttributes((_, a) => ({ ...a, path: null }));
    this.graph.updateEachEdgeAttributes((_, a) => ({ ...a, path: null }));
  }
}

export const labelOf = (node: ApiNode): string => node.name ?? node.title ?? node.key;
