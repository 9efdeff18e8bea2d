// Drawing: sigma.js (WebGL) over the graphology graph, with ForceAtlas2 run for a while after each change so the layout
// settles visibly: on the main thread, a few iterations per frame, for small views; in a web worker for big ones, so
// the drawing (and the page) stays responsive while the layout computes. Colours by kind (or community), sizes by a
// chosen score, paths and new arrivals marked.
import Sigma from 'sigma';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import ForceAtlas2Worker from 'graphology-layout-forceatlas2/worker';
import type { EdgeAttributes, NodeAttributes, ViewGraph } from './state';

const palette = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#bab0ac', '#2f4b7c'];
export const newColour = '#7048e8';
export const pathColour = '#c2255c';

export interface ViewOptions {
  sizeBy: string;
  byCommunity: boolean;
  edgeLabels: boolean;
  from: string;
  until: string;
}

export type Selection = { node: string } | { edge: string } | null;

// Above this many nodes one layout iteration takes a good part of a frame (Barnes–Hut on): the worker runs it instead.
const workerAbove = 300;

export class Renderer {
  readonly sigma: Sigma<NodeAttributes, EdgeAttributes>;
  options: ViewOptions = { sizeBy: '', byCommunity: false, edgeLabels: true, from: '', until: '' };
  selection: Selection = null;
  private readonly kindColours = new Map<string, string>();
  private layoutFrames = 0;
  private layoutRunning = false;
  private layoutWorker: ForceAtlas2Worker | null = null;
  private scoreRange: [number, number] = [0, 1];

  constructor(readonly graph: ViewGraph, container: HTMLElement, kinds: string[]) {
    kinds.forEach((kind, i) => this.kindColours.set(kind, palette[i % palette.length]!));
    this.sigma = new Sigma<NodeAttributes, EdgeAttributes>(graph, container, {
      defaultEdgeType: 'arrow',
      renderEdgeLabels: true,
      enableEdgeEvents: true,
      labelRenderedSizeThreshold: 4,
      edgeLabelSize: 10,
      labelSize: 12,
      zIndex: true,
      nodeReducer: (node, a) => this.nodeDisplay(node, a),
      edgeReducer: (edge, a) => this.edgeDisplay(edge, a),
    });
  }

  colourOfKind(kind: string): string {
    return this.kindColours.get(kind) ?? '#888';
  }

  colourOf(a: NodeAttributes): string {
    if (this.options.byCommunity) return a.community === null ? '#999' : palette[a.community % palette.length]!;
    return this.colourOfKind(a.kind);
  }

  /** Whether the time filter keeps this node: undated nodes always; dated ones when their span meets the range. */
  visible(a: NodeAttributes): boolean {
    const { from, until } = this.options;
    const dates = Object.values(a.dates).sort();
    if (dates.length === 0 || (!from && !until)) return true;
    const first = dates[0]!, last = dates[dates.length - 1]!;
    return (!from || last >= from) && (!until || first <= until);
  }

  private nodeDisplay(node: string, a: NodeAttributes) {
    const selected = this.selection && 'node' in this.selection && this.selection.node === node;
    const score = this.options.sizeBy ? a.scores[this.options.sizeBy] : undefined;
    const [min, max] = this.scoreRange;
    const size = (score === undefined ? 7 : 5 + 17 * (max > min ? (score - min) / (max - min) : 0.5)) + (a.path !== null ? 3 : 0);
    return {
      x: a.x, y: a.y, size,
      label: a.isNew ? `${a.label} (new)` : a.label,
      color: a.isNew ? newColour : this.colourOf(a),
      hidden: !this.visible(a),
      highlighted: Boolean(selected) || a.isNew || a.path !== null,
      zIndex: selected || a.path !== null ? 2 : 1,
      forceLabel: Boolean(selected) || a.path !== null,
    };
  }

  private edgeDisplay(edge: string, a: EdgeAttributes) {
    const selected = this.selection && 'edge' in this.selection && this.selection.edge === edge;
    const [source, target] = this.graph.extremities(edge);
    const hidden = !this.visible(this.graph.getNodeAttributes(source)) || !this.visible(this.graph.getNodeAttributes(target));
    return {
      label: this.options.edgeLabels || selected || a.path !== null ? a.type : '',
      color: selected ? '#1f6feb' : a.isNew ? newColour : a.path !== null ? pathColour : '#b8c0c8',
      size: selected || a.path !== null ? 3 : 1.5,
      hidden,
      zIndex: selected || a.path !== null ? 2 : 1,
      forceLabel: Boolean(selected) || a.path !== null,
    };
  }

  /** Redraw after attributes or options changed; also re-reads the range of the sizing score. */
  refresh(): void {
    const values: number[] = [];
    if (this.options.sizeBy) this.graph.forEachNode((_, a) => { const v = a.scores[this.options.sizeBy]; if (v !== undefined) values.push(v); });
    this.scoreRange = values.length ? [Math.min(...values), Math.max(...values)] : [0, 1];
    this.sigma.refresh();
  }

  /** Lets the force layout run for a while (more iterations for a bigger change), animating towards a settled picture. */
  settle(frames = 90): void {
    this.layoutFrames = Math.max(this.layoutFrames, frames);
    if (this.layoutRunning || this.graph.order < 2) return;
    this.layoutRunning = true;
    document.body.dataset['settled'] = 'false';
    const settings = { ...forceAtlas2.inferSettings(this.graph), barnesHutOptimize: this.graph.order > workerAbove, adjustSizes: false };
    if (this.graph.order > workerAbove) {
      this.settleInWorker(settings);
      return;
    }
    const iterations = 3;
    const step = () => {
      if (this.layoutFrames-- <= 0 || this.graph.order < 2) {
        this.finishLayout();
        return;
      }
      forceAtlas2.assign(this.graph, { iterations, settings });
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  /** The same layout in graphology's worker: it sends each iteration's positions; sigma redraws at the next frame. */
  private settleInWorker(settings: ReturnType<typeof forceAtlas2.inferSettings>): void {
    this.layoutWorker?.kill();
    const layout = new ForceAtlas2Worker(this.graph, { settings });
    this.layoutWorker = layout;
    const onIteration = () => {
      if (this.layoutFrames-- > 0 && this.graph.order >= 2) return;
      this.graph.off('eachNodeAttributesUpdated', onIteration);
      // This runs inside the supervisor's message handler, which still uses its state after the update: stop it now
      // (later messages are ignored) and kill the worker once the handler has returned.
      layout.stop();
      setTimeout(() => layout.kill(), 0);
      if (this.layoutWorker === layout) this.layoutWorker = null;
      this.finishLayout();
    };
    this.graph.on('eachNodeAttributesUpdated', onIteration);
    layout.start();
  }

  private finishLayout(): void {
    this.layoutRunning = false;
    document.body.dataset['settled'] = 'true';
    // The layout spreads the graph as it settles: bring all of it back into view.
    void this.sigma.getCamera().animatedReset({ duration: 300 });
  }

  get settled(): boolean {
    return !this.layoutRunning;
  }

  focus(node: string): void {
    if (!this.graph.hasNode(node)) return;
    const position = this.sigma.getNodeDisplayData(node);
    if (position) void this.sigma.getCamera().animate({ x: position.x, y: position.y, ratio: Math.min(this.sigma.getCamera().ratio, 0.8) }, { duration: 300 });
  }

  /** Positions on screen (pixels), for keyboard moves and the SVG/PNG export. */
  screenPosition(node: string): { x: number; y: number } {
    const a = this.graph.getNodeAttributes(node);
    return this.sigma.graphToViewport({ x: a.x, y: a.y });
  }

  displaySize(node: string): number {
    return this.sigma.getNodeDisplayData(node)?.size ?? 7;
  }

  displayColour(node: string): string {
    return this.sigma.getNodeDisplayData(node)?.color ?? '#888';
  }

  isHidden(node: string): boolean {
    return !this.visible(this.graph.getNodeAttributes(node));
  }
}
