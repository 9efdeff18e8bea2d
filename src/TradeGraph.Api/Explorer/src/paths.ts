// Paths: the shortest path, or the k shortest, between two entities; added to the canvas, highlighted and listed.
import type { Queries, PathResult } from './queries';
import { keyOfId } from './ids';
import { edgeKey, labelOf, type GraphState } from './state';

export interface PathsOutcome { paths: PathResult[]; steps: { length: number; steps: string[] }[] }

export async function findPaths(queries: Queries, state: GraphState, from: string, to: string, k: number): Promise<PathsOutcome> {
  const paths = await queries.paths(from, to, Math.min(Math.max(k, 1), 20));
  state.clearPaths();
  const steps: { length: number; steps: string[] }[] = [];
  // The cheapest path last, so where paths share a node or a relationship it is marked as the first.
  paths.forEach((path) => {
    let previous: string | undefined;
    for (const node of path.nodes) {
      state.upsertNode(node, previous);
      previous = node.key;
    }
    for (const relationship of path.relationships) state.addRelationship(relationship);
  });
  for (let index = paths.length - 1; index >= 0; index--) {
    const path = paths[index]!;
    for (const node of path.nodes) state.graph.setNodeAttribute(node.key, 'path', index);
    for (const r of path.relationships) {
      const key = edgeKey(r.type, keyOfId(r.from.id), keyOfId(r.to.id));
      if (state.graph.hasEdge(key)) state.graph.setEdgeAttribute(key, 'path', index);
    }
  }
  for (const path of paths) {
    const names: string[] = [];
    path.nodes.forEach((node, i) => {
      names.push(labelOf(node));
      const r = path.relationships[i];
      if (r) names.push(keyOfId(r.from.id) === node.key ? `—${r.type}→` : `←${r.type}—`);
    });
    steps.push({ length: path.length, steps: names });
  }
  return { paths, steps };
}
