import cytoscape from 'cytoscape';
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { generate } from './graph.js';
import { measure, colours } from './measure.js';

const data = generate();
const webgl = new URLSearchParams(location.search).has('webgl');
const labels = !new URLSearchParams(location.search).has('nolabels');
// The same layout computation (ForceAtlas2 on a graphology copy) feeds cytoscape, so only the drawing differs.
const graph = new Graph({ type: 'directed' });
for (const n of data.nodes) graph.addNode(n.id, { x: n.x, y: n.y });
for (const e of data.edges) graph.addDirectedEdgeWithKey(e.id, e.source, e.target);
const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: true }; // as the explorer lays out large graphs
const started = performance.now();
const cy = cytoscape({
  container: document.getElementById('canvas'),
  renderer: webgl ? { name: 'canvas', webgl: true } : { name: 'canvas' },
  elements: [
    ...data.nodes.map((n) => ({ data: { id: n.id, kind: n.kind }, position: { x: n.x, y: n.y } })),
    ...data.edges.map((e) => ({ data: e })),
  ],
  style: [
    { selector: 'node', style: { width: 6, height: 6, 'background-color': (el) => colours[el.data('kind')], ...(labels ? { label: 'data(id)', 'font-size': 6 } : {}) } },
    { selector: 'edge', style: { width: 1, 'line-color': '#bbb', 'target-arrow-shape': 'triangle', 'curve-style': 'straight', ...(labels ? { label: 'REL', 'font-size': 4 } : {}) } },
  ],
  layout: { name: 'preset' },
});
const firstDraw = performance.now() - started;
measure((webgl ? 'cytoscape.js 3.35 (WebGL renderer)' : 'cytoscape.js 3.35 (canvas)') + (labels ? '' : ', no labels'), firstDraw, () => {
  forceAtlas2.assign(graph, { iterations: 1, settings });
  cy.batch(() => graph.forEachNode((id, a) => cy.getElementById(id).position({ x: a.x, y: a.y })));
});
