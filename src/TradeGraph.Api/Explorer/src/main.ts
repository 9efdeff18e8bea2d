// The explorer's wiring: loads the schema, builds the canvas, panel, search, table and live feed, and turns user
// actions into GraphQL queries and graph changes (each undoable, each written to the URL).
import { Api } from './api';
import { byId, h } from './dom';
import { download, toGraphMl, toPng, toSvg } from './exporter';
import { KeyStore } from './keys';
import { bindKeyboard } from './keyboard';
import { LiveFeed, type GraphChange } from './live';
import { Panel, type ExpandInfo } from './panel';
import { findPaths } from './paths';
import { globalId, keyOfId } from './ids';
import { Queries } from './queries';
import { Renderer } from './render';
import { SchemaInfo, unaliased } from './schema';
import { Search } from './search';
import { edgeKey, GraphState, labelOf, type ApiNode, type ApiRelationship } from './state';
import { TableView } from './table';
import { readView, writeView, type ViewState } from './url';

const pageSize = 50;
// Pages an expand reads at most looking for neighbours not yet on the canvas (each page one request).
const maxExpandPages = 20;

class Explorer {
  private readonly state = new GraphState();
  private readonly panel = new Panel(() => this.deselect());
  private readonly table: TableView;
  private readonly renderer: Renderer | null;
  private selected: string | null = null;
  private path: ViewState['path'] = null;
  private restoring = false;
  /** For each node, the score|community combinations already read for it. */
  private readonly scored = new Map<string, Set<string>>();
  /** Where the next expand of a node (by a type, or any: "key type") continues; null or absent: from the first. */
  private readonly expandCursors = new Map<string, string | null>();

  /** The selected node; the page's body carries it too (data-selected), for assistive tools and tests. */
  private get selectedNode(): string | null {
    return this.selected;
  }

  private set selectedNode(key: string | null) {
    this.selected = key;
    if (key === null) delete document.body.dataset['selected'];
    else document.body.dataset['selected'] = key;
  }

  constructor(private readonly schema: SchemaInfo, private readonly queries: Queries, private readonly keys: KeyStore) {
    const container = byId<HTMLElement>('graph');
    this.renderer = this.createRenderer(container);
    this.table = new TableView(this.state.graph, this.renderer, (key) => void this.select(key, true), (edge) => void this.selectEdge(edge));
    this.state.onChange(() => this.changed());
    new Search(queries, schema.kinds.filter((k) => schema.nodeTypes.get(k)?.label === 'name'), (key) => void this.add(key), (m) => this.status(m));
    this.bindTools();
    this.legend();
    bindKeyboard(container, this.renderer, {
      focusSearch: () => byId<HTMLInputElement>('search').focus(),
      undo: () => this.undo(),
      selected: () => this.selectedNode,
      select: (key, open) => void this.select(key, open),
      expand: (key) => void this.expand(key, null),
      collapse: (key) => this.collapse(key),
      remove: (key) => this.remove(key),
      closePanel: () => this.deselect(),
    });
  }

  private createRenderer(container: HTMLElement): Renderer | null {
    try {
      const renderer = new Renderer(this.state.graph, container, this.schema.kinds);
      renderer.sigma.on('clickNode', ({ node }) => void this.select(node, true));
      renderer.sigma.on('doubleClickNode', (e) => {
        e.preventSigmaDefault();
        void this.expand(e.node, null);
      });
      renderer.sigma.on('clickEdge', ({ edge }) => void this.selectEdge(edge));
      renderer.sigma.on('clickStage', () => this.deselect());
      return renderer;
    } catch (error) {
      // No WebGL (an old browser, a locked-down machine): the table view still shows everything.
      container.append(h('p', { class: 'no-webgl' }, `The graph cannot be drawn here (${(error as Error).message}); the table lists it.`));
      byId('table-view').hidden = false;
      return null;
    }
  }

  status(message: string): void {
    byId('status').textContent = message;
  }

  private fail(what: string, error: unknown): void {
    this.status(`${what} failed: ${(error as Error).message}`);
  }

  /** After any change of the graph: redraw, relayout, table, undo button, URL, path inputs. */
  private changed(): void {
    this.renderer?.refresh();
    this.table.render();
    byId<HTMLButtonElement>('undo').disabled = !this.state.canUndo;
    const options = byId<HTMLDataListElement>('on-canvas');
    const items: HTMLOptionElement[] = [];
    this.state.graph.forEachNode((key, a) => items.push(h('option', { value: key }, a.label)));
    options.replaceChildren(...items);
    this.saveView();
    if (!this.restoring) void this.loadScores();
  }

  private saveView(): void {
    if (this.restoring) return;
    const nodes: ViewState['nodes'] = [];
    this.state.graph.forEachNode((key, a) => { if (nodes.length < 400) nodes.push({ kind: a.kind, key }); });
    const o = this.renderer?.options;
    writeView({
      nodes, from: byId<HTMLInputElement>('time-from').value, until: byId<HTMLInputElement>('time-until').value,
      sizeBy: o?.sizeBy ?? '', byCommunity: o?.byCommunity ?? false, edgeLabels: o?.edgeLabels ?? true, path: this.path, selected: this.selectedNode ?? '',
    });
  }

  /** Adds an entity with its neighbourhood (the search's pick). */
  async add(key: string): Promise<void> {
    try {
      this.status(`Loading ${key}…`);
      const subgraph = await this.queries.neighbourhood(key, pageSize);
      this.expandCursors.set(`${key} `, subgraph.endCursor);
      this.state.checkpoint();
      const centre = subgraph.nodes.find((n) => n.distance === 0)?.node;
      if (centre) this.state.upsertNode(centre);
      for (const { node } of subgraph.nodes) this.state.upsertNode(node, key);
      for (const r of subgraph.relationships) this.state.addRelationship(r);
      this.state.changed();
      this.renderer?.settle(120);
      this.status(`${subgraph.nodes.length} entities around ${centre ? labelOf(centre) : key}${subgraph.truncated ? ' (more: expand by type)' : ''}.`);
      await this.select(key, true);
      this.renderer?.focus(key);
    } catch (error) {
      this.fail('Loading', error);
    }
  }

  /**
   * Adds the next neighbours of a node (of one relationship type, or any), the ones not on the canvas yet: it pages
   * through the neighbourhood by cursor, 50 neighbours a page, until a page adds something or none remain, so a hub of
   * any size is walked 50 at a time. After the last page the next expand starts again from the first (it re-adds what
   * was collapsed or removed).
   */
  async expand(key: string, type: string | null): Promise<void> {
    try {
      const graph = this.state.graph;
      const chain = `${key} ${type ?? ''}`;
      let cursor = this.expandCursors.get(chain) ?? null;
      let centre: ApiNode | undefined;
      const fresh: ApiNode[] = [];
      const relationships: ApiRelationship[] = [];
      for (let page = 0; page < maxExpandPages && fresh.length === 0; page++) {
        const subgraph = await this.queries.neighbourhood(key, pageSize + 1, type ? [type] : null, cursor);
        centre ??= subgraph.nodes.find((n) => n.distance === 0)?.node;
        fresh.push(...subgraph.nodes.filter((n) => n.distance > 0 && !graph.hasNode(n.node.key)).map((n) => n.node));
        relationships.push(...subgraph.relationships);
        cursor = subgraph.endCursor;
        if (cursor === null) break;
      }
      this.expandCursors.set(chain, cursor);
      this.state.checkpoint();
      if (centre) this.state.upsertNode(centre);
      for (const node of fresh) this.state.upsertNode(node, key);
      for (const r of relationships) this.state.addRelationship(r);
      this.state.changed();
      this.renderer?.settle(90);
      const more = cursor !== null;
      this.status(`Expanded ${centre ? labelOf(centre) : key}${type ? ` by ${type}` : ''}: ${fresh.length} added${more ? '; more remain (expand again for 50 more)' : ''}.`);
      if (this.selectedNode === key) await this.select(key, true);
    } catch (error) {
      this.fail('Expanding', error);
    }
  }

  collapse(key: string): void {
    // Expanding again starts from the first neighbours, so what collapsing removed can come back.
    for (const chain of [...this.expandCursors.keys()]) if (chain.startsWith(`${key} `)) this.expandCursors.delete(chain);
    this.state.checkpoint();
    const removed = this.state.collapse(key);
    this.state.changed();
    this.status(`Collapsed: ${removed} removed.`);
  }

  remove(key: string): void {
    this.state.checkpoint();
    this.state.removeNode(key);
    if (this.selectedNode === key) this.deselect();
    this.state.changed();
  }

  undo(): void {
    if (this.state.undo()) {
      this.status('Undone.');
      if (this.selectedNode && !this.state.graph.hasNode(this.selectedNode)) this.deselect();
    }
  }

  private deselect(): void {
    this.selectedNode = null;
    if (this.renderer) this.renderer.selection = null;
    this.panel.close();
    this.renderer?.refresh();
    this.saveView();
  }

  async select(key: string, openPanel: boolean): Promise<void> {
    const graph = this.state.graph;
    if (!graph.hasNode(key)) {
      await this.add(key);
      return;
    }
    this.selectedNode = key;
    if (this.renderer) this.renderer.selection = { node: key };
    if (graph.getNodeAttribute(key, 'isNew')) {
      graph.setNodeAttribute(key, 'isNew', false);
      this.table.render();
    }
    this.renderer?.refresh();
    this.saveView();
    if (!openPanel && !this.panel.open) {
      this.status(`${graph.getNodeAttribute(key, 'label')} (${graph.getNodeAttribute(key, 'kind')}): Enter for details, E to expand.`);
      return;
    }
    const what = `node:${key}`;
    this.panel.loading(what);
    try {
      const a = graph.getNodeAttributes(key);
      const [details, around] = await Promise.all([this.queries.nodeDetails(a.id), this.queries.relationshipsOf(key)]);
      if (!this.panel.isShowing(what)) return;
      if (!details) {
        this.panel.error('This entity is no longer in the graph.');
        return;
      }
      const links = this.schema.nodeTypes.get(a.kind)?.links ?? [];
      this.panel.showNode(unaliased(details), links, {
        expand: (k, type) => void this.expand(k, type),
        collapse: (k) => this.collapse(k),
        remove: (k) => this.remove(k),
        pathEnd: (k, end) => {
          byId<HTMLInputElement>(end === 'from' ? 'path-from' : 'path-to').value = k;
          (byId('paths-tool') as HTMLDetailsElement).open = true;
        },
        select: (k) => void this.select(k, true),
      }, this.expandInfo(key, around.relationships, around.truncated));
    } catch (error) {
      if (this.panel.isShowing(what)) this.panel.error(`Loading the details failed: ${(error as Error).message}`);
    }
  }

  private expandInfo(key: string, relationships: ApiRelationship[], truncated: boolean): ExpandInfo {
    const byType = new Map<string, { total: number; onCanvas: number }>();
    for (const r of relationships) {
      const from = keyOfId(r.from.id), to = keyOfId(r.to.id);
      const other = from === key ? to : to === key ? from : undefined;
      if (!other) continue;
      const count = byType.get(r.type) ?? { total: 0, onCanvas: 0 };
      count.total++;
      if (this.state.graph.hasNode(other)) count.onCanvas++;
      byType.set(r.type, count);
    }
    return { byType, truncated };
  }

  async selectEdge(edge: string): Promise<void> {
    const graph = this.state.graph;
    if (!graph.hasEdge(edge)) return;
    this.selectedNode = null;
    if (this.renderer) this.renderer.selection = { edge };
    this.renderer?.refresh();
    const [from, to] = graph.extremities(edge);
    const type = graph.getEdgeAttribute(edge, 'type');
    if (graph.getEdgeAttribute(edge, 'isNew')) graph.setEdgeAttribute(edge, 'isNew', false);
    const what = `edge:${edge}`;
    this.panel.loading(what);
    try {
      const details = this.schema.hasRelationshipLookup ? await this.queries.relationshipDetails(type, from, to) : null;
      if (this.panel.isShowing(what)) this.panel.showRelationship(details && unaliased(details), type, graph.getNodeAttribute(from, 'label'), graph.getNodeAttribute(to, 'label'));
    } catch (error) {
      if (this.panel.isShowing(what)) this.panel.error(`Loading the relationship failed: ${(error as Error).message}`);
    }
  }

  async paths(from: string, to: string, k: number): Promise<void> {
    try {
      this.status(`Finding paths ${from} → ${to}…`);
      this.state.checkpoint();
      const outcome = await findPaths(this.queries, this.state, from, to, k);
      this.path = { from, to, k };
      this.state.changed();
      this.renderer?.settle(90);
      this.selectedNode = null;
      this.panel.showPaths(from, to, outcome.steps, (i) => {
        const first = outcome.paths[i]?.nodes[0];
        if (first) this.renderer?.focus(first.key);
      });
      this.status(outcome.paths.length ? `${outcome.paths.length} path(s), shortest ${outcome.paths[0]!.length} hops.` : 'No path.');
    } catch (error) {
      this.fail('Finding paths', error);
    }
  }

  /** A change from the live feed: drawn if it touches the canvas, marked as new. */
  onChange(change: GraphChange): void {
    const graph = this.state.graph;
    let touched = false;
    if (change.entity) {
      const node = change.entity as unknown as ApiNode;
      if (change.change === 'DELETED') {
        touched = graph.hasNode(change.key);
        this.state.removeNode(change.key);
      } else if (graph.hasNode(node.key)) {
        this.state.upsertNode(node, undefined, true);
        touched = true;
      }
    } else if (change.relationship) {
      void this.onRelationshipChange(change, change.relationship as ApiRelationship);
      return;
    }
    if (touched) {
      this.state.changed();
      this.renderer?.settle(60);
      this.status(`Live: ${change.kind} ${change.key} ${change.change.toLowerCase()} by ${change.actor}.`);
    }
  }

  /** A relationship written or removed: drawn when one of its ends is on the canvas (the other is fetched). */
  private async onRelationshipChange(change: GraphChange, r: ApiRelationship): Promise<void> {
    const graph = this.state.graph;
    if (!r.from?.id || !r.to?.id) return;
    const from = keyOfId(r.from.id), to = keyOfId(r.to.id);
    const key = edgeKey(r.type, from, to);
    if (change.change === 'DELETED') {
      if (!graph.hasEdge(key)) return;
      graph.dropEdge(key);
    } else {
      if (!graph.hasNode(from) && !graph.hasNode(to)) return;
      const missing = [r.from.id, r.to.id].filter((id) => !graph.hasNode(keyOfId(id)));
      try {
        for (const node of await this.queries.nodes(missing)) this.state.upsertNode(node, node.key === from ? to : from, true);
      } catch (error) {
        this.fail('Loading a new entity', error);
        return;
      }
      this.state.addRelationship(r, true);
    }
    this.state.changed();
    this.renderer?.settle(60);
    this.status(`Live: ${r.type} ${from} → ${to} ${change.change.toLowerCase()} by ${change.actor}.`);
  }

  /** Puts back a view from the URL: its entities, the relationships between them, its filters, path and selection. */
  async restore(view: ViewState): Promise<void> {
    this.restoring = true;
    try {
      byId<HTMLInputElement>('time-from').value = view.from;
      byId<HTMLInputElement>('time-until').value = view.until;
      byId<HTMLSelectElement>('size-by').value = view.sizeBy;
      byId<HTMLInputElement>('by-community').checked = view.byCommunity;
      byId<HTMLInputElement>('edge-labels').checked = view.edgeLabels;
      this.applyOptions();
      if (view.nodes.length) {
        this.status('Restoring the view…');
        const nodes = await this.queries.nodes(view.nodes.map((n) => globalId(n.kind, n.key)));
        for (const node of nodes) this.state.upsertNode(node);
        for (const r of await this.queries.relationshipsAround(nodes.map((n) => n.key))) this.state.addRelationship(r);
        this.renderer?.settle(150);
      }
      this.restoring = false;
      this.state.changed();
      if (view.path) {
        byId<HTMLInputElement>('path-from').value = view.path.from;
        byId<HTMLInputElement>('path-to').value = view.path.to;
        byId<HTMLInputElement>('path-k').value = String(view.path.k);
        await this.paths(view.path.from, view.path.to, view.path.k);
      }
      if (view.selected && this.state.graph.hasNode(view.selected)) await this.select(view.selected, true);
      this.status(view.nodes.length ? `View restored: ${this.state.graph.order} entities.` : 'Find an entity to start (press /).');
    } catch (error) {
      this.fail('Restoring the view', error);
    } finally {
      this.restoring = false;
    }
  }

  private applyOptions(): void {
    const byCommunity = byId<HTMLInputElement>('by-community').checked;
    if (this.renderer) {
      this.renderer.options = {
        sizeBy: byId<HTMLSelectElement>('size-by').value,
        byCommunity,
        edgeLabels: byId<HTMLInputElement>('edge-labels').checked,
        from: byId<HTMLInputElement>('time-from').value,
        until: byId<HTMLInputElement>('time-until').value,
      };
    }
    this.renderer?.refresh();
    this.table.render();
    this.legend();
    this.saveView();
  }

  /** Reads the chosen score and the community of the nodes that do not have them yet, then redraws. */
  private async loadScores(): Promise<void> {
    const score = byId<HTMLSelectElement>('size-by').value;
    const community = byId<HTMLInputElement>('by-community').checked;
    if (!score && !community) return;
    const wanted = `${score}|${community}`;
    const ids: string[] = [];
    this.state.graph.forEachNode((key, a) => { if (!this.scored.get(key)?.has(wanted)) ids.push(a.id); });
    if (ids.length === 0) return;
    try {
      for (const node of await this.queries.scores(ids, score, community)) {
        this.state.mergeScores(node);
        const done = this.scored.get(node.key) ?? new Set<string>();
        done.add(wanted);
        this.scored.set(node.key, done);
      }
      this.renderer?.refresh();
    } catch (error) {
      this.fail('Loading scores', error);
    }
  }

  private legend(): void {
    const legend = byId('legend');
    if (!this.renderer) return;
    if (this.renderer.options.byCommunity) {
      legend.replaceChildren(h('p', {}, 'Coloured by community (Louvain); '), h('span', { class: 'badge new' }, 'new'), ' arrived live');
      return;
    }
    const present = new Set<string>();
    this.state.graph.forEachNode((_, a) => present.add(a.kind));
    const kinds = present.size ? [...present].sort() : this.schema.kinds;
    legend.replaceChildren(h('ul', {}, ...kinds.map((kind) => {
      const swatch = h('i', {});
      swatch.style.background = this.renderer!.colourOfKind(kind);
      return h('li', {}, swatch, kind);
    }), h('li', {}, h('span', { class: 'badge new' }, 'new'), ' live')));
  }

  private bindTools(): void {
    byId('paths-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.paths(byId<HTMLInputElement>('path-from').value.trim(), byId<HTMLInputElement>('path-to').value.trim(),
        Number(byId<HTMLInputElement>('path-k').value) || 1);
    });
    byId('path-clear').addEventListener('click', () => {
      this.path = null;
      this.state.clearPaths();
      this.state.changed();
      this.panel.close();
    });
    for (const id of ['time-from', 'time-until', 'edge-labels']) byId(id).addEventListener('change', () => this.applyOptions());
    for (const id of ['size-by', 'by-community']) byId(id).addEventListener('change', () => {
      this.applyOptions();
      void this.loadScores();
    });
    byId('time-clear').addEventListener('click', () => {
      byId<HTMLInputElement>('time-from').value = '';
      byId<HTMLInputElement>('time-until').value = '';
      this.applyOptions();
    });
    byId('undo').addEventListener('click', () => this.undo());
    byId('table-toggle').addEventListener('click', () => this.table.toggle());
    byId('export-graphml').addEventListener('click', () => download('tradegraph-view.graphml', toGraphMl(this.state.graph), 'application/graphml+xml'));
    byId('export-svg').addEventListener('click', () => this.renderer && download('tradegraph-view.svg', toSvg(this.state.graph, this.renderer), 'image/svg+xml'));
    byId('export-png').addEventListener('click', () => {
      if (this.renderer) void toPng(toSvg(this.state.graph, this.renderer)).then((png) => download('tradegraph-view.png', png, 'image/png'), (e) => this.fail('PNG export', e));
    });
    byId('copy-link').addEventListener('click', () => {
      void navigator.clipboard?.writeText(location.href).then(() => this.status('Link copied.'), () => this.status(location.href));
    });
    const keyButton = byId<HTMLButtonElement>('key-button');
    keyButton.hidden = !this.keys.get();
    keyButton.addEventListener('click', () => void this.keys.ask('Change the API key.'));
  }
}

async function start(): Promise<void> {
  const keys = new KeyStore();
  const api = new Api(new URL('../graphql', location.href).pathname, keys);
  const status = byId('status');
  try {
    const schema = await SchemaInfo.load(api);
    const queries = new Queries(api, schema);
    const view = readView();
    const explorer = new Explorer(schema, queries, keys);
    new LiveFeed(api.endpoint, queries.liveSubscription, keys, (c) => explorer.onChange(c), (m) => explorer.status(m)).start();
    await explorer.restore(view);
    document.body.dataset['ready'] = 'true';
  } catch (error) {
    status.textContent = `The explorer could not start: ${(error as Error).message}`;
  }
}

void start();
