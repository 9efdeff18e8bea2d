// The table view: the nodes and relationships on the canvas as tables, for screen readers and the keyboard (and the
// browser tests, which read its data-* attributes instead of canvas pixels). Kept up to date even while hidden.
import { byId, h } from './dom';
import type { Renderer } from './render';
import type { ViewGraph } from './state';

export class TableView {
  private readonly view = byId<HTMLElement>('table-view');
  private readonly nodes = byId<HTMLTableElement>('node-table').tBodies[0]!;
  private readonly edges = byId<HTMLTableElement>('edge-table').tBodies[0]!;

  constructor(private readonly graph: ViewGraph, private readonly renderer: Renderer | null, private readonly select: (key: string) => void,
    private readonly selectEdge: (edge: string) => void) {}

  get shown(): boolean {
    return !this.view.hidden;
  }

  toggle(show = this.view.hidden): void {
    this.view.hidden = !show;
    byId('table-toggle').setAttribute('aria-pressed', String(show));
  }

  render(): void {
    const rows: HTMLTableRowElement[] = [];
    this.graph.forEachNode((key, a) => {
      const open = h('button', { type: 'button' }, 'Details');
      open.addEventListener('click', () => this.select(key));
      rows.push(h('tr', {
        'data-key': key, 'data-kind': a.kind, 'data-new': a.isNew, 'data-path': a.path !== null ? String(a.path) : undefined,
        'data-hidden': this.renderer?.isHidden(key) ?? false,
      }, h('td', {}, a.label), h('td', {}, a.kind), h('td', {}, key), h('td', {}, Object.values(a.dates).join(' – ')), h('td', {}, open)));
    });
    this.nodes.replaceChildren(...rows);
    const edgeRows: HTMLTableRowElement[] = [];
    this.graph.forEachEdge((edge, a, source, target, sa, ta) => {
      const type = h('button', { type: 'button' }, a.type);
      type.addEventListener('click', () => this.selectEdge(edge));
      edgeRows.push(h('tr', { 'data-edge': edge, 'data-type': a.type, 'data-from': source, 'data-to': target, 'data-new': a.isNew, 'data-path': a.path !== null ? String(a.path) : undefined },
        h('td', {}, sa.label), h('td', {}, type), h('td', {}, ta.label)));
    });
    this.edges.replaceChildren(...edgeRows);
    document.body.dataset['nodes'] = String(this.graph.order);
    document.body.dataset['edges'] = String(this.graph.size);
  }
}
