import Graph from 'graphology';
import Sigma from 'sigma';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import ForceAtlas2Worker from 'graphology-layout-forceatlas2/worker';
import { generate } from './graph.js';
import { measure, colours } from './measure.js';

const data = generate();
const graph = new Graph({ type: 'directed', multi: false });
for (const n of data.nodes) graph.addNode(n.id, { x: n.x, y: n.y, size: 3, color: colours[n.kind], label: n.id });
for (const e of data.edges) graph.addDirectedEdgeWithKey(e.id, e.source, e.target, { size: 1, color: '#bbb', type: 'arrow', label: 'REL' });
const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: true }; // as the explorer lays out large graphs
const started = performance.now();
const query = new URLSearchParams(location.search);
const labels = !query.has('nolabels');
const renderer = new Sigma(graph, document.getElementById('canvas'), { renderEdgeLabels: labels, renderLabels: labels });
renderer.refresh();
const firstDraw = performance.now() - started;
const name = 'sigma.js 3 + graphology (WebGL)' + (labels ? '' : ', no labels');
if (query.has('worker')) {
  // As the explorer lays out views over 300 nodes: ForceAtlas2 in graphology's worker, sigma redrawing what it sends.
  let iterations = 0;
  graph.on('eachNodeAttributesUpdated', () => iterations++);
  new ForceAtlas2Worker(graph, { settings }).start();
  measure(name + ', layout in a worker', firstDraw, () => {}, () => ({ layoutIterations: iterations }));
} else {
  // One ForceAtlas2 iteration per frame (on the main thread, as cytoscape's layout runs), then sigma redraws.
  measure(name, firstDraw, () => forceAtlas2.assign(graph, { iterations: 1, settings }));
}
