// The side panel: everything the API says about the selected node or relationship — fields, citations (source,
// publication date, locator, stated or inferred, note) and history — and the actions on a node (expand by type, collapse,
// remove, paths).
import { button, byId, display, fill, h, words } from './dom';

export interface NodeActions {
  expand(key: string, type: string | null): void;
  collapse(key: string): void;
  remove(key: string): void;
  pathEnd(key: string, end: 'from' | 'to'): void;
  select(key: string): void;
}

export interface ExpandInfo { byType: Map<string, { total: number; onCanvas: number }>; truncated: boolean }

type Data = Record<string, unknown>;

const skipped = new Set(['__typename', 'id', 'key', 'name', 'title', 'aliases', 'description', 'sources', 'history', 'type']);

export class Panel {
  private readonly root = byId<HTMLElement>('panel');
  private readonly body = byId<HTMLElement>('panel-body');
  private current = '';

  constructor(onClose: () => void) {
    byId('panel-close').addEventListener('click', onClose);
  }

  get open(): boolean {
    return !this.root.hidden;
  }

  close(): void {
    this.root.hidden = true;
    this.current = '';
  }

  loading(what: string): void {
    this.current = what;
    this.root.hidden = false;
    this.root.setAttribute('aria-busy', 'true');
    this.body.replaceChildren(h('p', {}, 'Loading…'));
  }

  isShowing(what: string): boolean {
    return this.current === what;
  }

  error(message: string): void {
    this.root.removeAttribute('aria-busy');
    this.body.replaceChildren(h('p', { role: 'alert' }, message));
  }

  showNode(data: Data, links: string[], actions: NodeActions, expand: ExpandInfo | null): void {
    const key = String(data['key']);
    const name = String(data['name'] ?? data['title'] ?? key);
    const fields = Object.entries(data).filter(([field, value]) => !skipped.has(field) && !links.includes(field) && !isEmpty(value));
    const linked = links.map((l) => [l, data[l]] as const).filter(([, v]) => v && typeof v === 'object');
    const aliases = (data['aliases'] as string[] | undefined) ?? [];

    const expandSection = h('div', { class: 'actions', 'data-expand': key });
    expandSection.append(button('Expand all', () => actions.expand(key, null), { 'data-action': 'expand' }));
    if (expand) {
      for (const [type, count] of [...expand.byType].sort()) {
        // Past the first 500 neighbours the counts are lower bounds ("+"); expanding pages on regardless.
        const more = count.total - count.onCanvas, atLeast = expand.truncated ? '+' : '';
        expandSection.append(button(`${type} ${more > 0 || atLeast ? `(+${Math.min(more, 50)} of ${more}${atLeast})` : '✓'}`, () => actions.expand(key, type),
          { 'data-action': 'expand-type', 'data-type': type, title: `${count.onCanvas} of ${count.total}${atLeast} on the canvas; each click adds up to 50 more` }));
      }
    }

    this.root.removeAttribute('aria-busy');
    fill(this.body,
      h('h2', { 'data-key': key }, name),
      h('p', { class: 'kind' }, `${String(data['__typename'])} · ${key}`),
      aliases.length ? h('p', {}, 'Also: ' + aliases.join(', ')) : null,
      data['description'] ? h('p', {}, String(data['description'])) : null,
      expandSection,
      h('div', { class: 'actions' },
        button('Collapse', () => actions.collapse(key), { 'data-action': 'collapse' }),
        button('Remove', () => actions.remove(key), { 'data-action': 'remove' }),
        button('Path from here', () => actions.pathEnd(key, 'from')),
        button('Path to here', () => actions.pathEnd(key, 'to'))),
      fields.length || linked.length ? h('h3', {}, 'Properties') : null,
      fields.length || linked.length ? definitionList([
        ...fields.map(([f, v]) => [words(f), display(v)] as [string, Node | string]),
        ...linked.map(([f, v]) => {
          const target = v as Data;
          return [words(f), button(String(target['name'] ?? target['title'] ?? target['key']), () => actions.select(String(target['key'])), { class: 'link' })] as [string, Node | string];
        }),
      ]) : null,
      ...citations(data['sources']),
      ...history(data['history']),
    );
  }

  showRelationship(data: Data | null, type: string, fromName: string, toName: string): void {
    if (!data) {
      this.root.removeAttribute('aria-busy');
      this.body.replaceChildren(h('h2', {}, type), h('p', {}, `${fromName} → ${toName}`), h('p', {}, 'This relationship is no longer in the graph.'));
      return;
    }
    const fields = Object.entries(data).filter(([field, value]) => !skipped.has(field) && !isEmpty(value));
    this.root.removeAttribute('aria-busy');
    fill(this.body,
      h('h2', { 'data-type': type }, type),
      h('p', { class: 'kind' }, `${fromName} → ${toName}`),
      fields.length ? h('h3', {}, 'Properties') : null,
      fields.length ? definitionList(fields.map(([f, v]) => [words(f), display(v)])) : null,
      ...citations(data['sources']),
      ...history(data['history']),
    );
  }

  /** The paths found, listed (each step: node, relationship type, node). */
  showPaths(from: string, to: string, paths: { length: number; steps: string[] }[], onPick: (i: number) => void): void {
    this.current = `paths:${from}:${to}`;
    this.root.hidden = false;
    this.root.removeAttribute('aria-busy');
    this.body.replaceChildren(
      h('h2', {}, `Paths ${from} → ${to}`),
      paths.length === 0 ? h('p', {}, 'No path within 8 hops.') : h('ol', { id: 'path-list' },
        ...paths.map((p, i) => {
          const item = h('li', { 'data-path-index': String(i), 'data-length': String(p.length) }, `${p.length} hop${p.length === 1 ? '' : 's'}: ${p.steps.join(' ')}`);
          item.addEventListener('click', () => onPick(i));
          return item;
        })),
    );
  }
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}

function definitionList(rows: [string, Node | string][]): HTMLDListElement {
  const list = h('dl');
  for (const [term, value] of rows) list.append(h('dt', {}, term), h('dd', {}, value));
  return list;
}

function citations(value: unknown): Node[] {
  const sources = (value as Data[] | undefined) ?? [];
  if (sources.length === 0) return [h('h3', {}, 'Citations'), h('p', {}, 'No source cited.')];
  return [h('h3', {}, 'Citations'), h('ul', { id: 'citations' }, ...sources.map((reference) => {
    const source = (reference['source'] as Data | undefined) ?? {};
    const inferred = reference['inferred'];
    const url = typeof source['url'] === 'string' && /^https?:\/\//.test(source['url']) ? source['url'] : null;
    return h('li', { 'data-citation': String(source['key'] ?? ''), 'data-locator': String(reference['locator'] ?? '') },
      url ? h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, String(source['title'] ?? source['key'])) : String(source['title'] ?? source['key']),
      source['publishedOn'] ? ` (${String(source['publishedOn'])})` : '',
      reference['locator'] ? `, ${String(reference['locator'])}` : '',
      ' ',
      typeof inferred === 'boolean' ? h('span', { class: inferred ? 'badge inferred' : 'badge' }, inferred ? 'inferred' : 'stated') : null,
      reference['note'] ? h('div', { class: 'note' }, String(reference['note'])) : null);
  }))];
}

function history(value: unknown): Node[] {
  const revisions = (value as Data[] | undefined) ?? [];
  if (revisions.length === 0) return value === undefined ? [] : [h('h3', {}, 'History'), h('p', {}, 'Unchanged since it was loaded.')];
  return [h('h3', {}, 'History'), h('ol', { id: 'history' }, ...revisions.map((r) => {
    const changes = (r['changes'] as Data[] | undefined) ?? [];
    return h('li', {},
      `${String(r['change']).toLowerCase()} by ${String(r['actor'])} at ${String(r['at'])} (revision ${String(r['revision'])})`,
      r['editorial'] ? h('span', { class: 'badge' }, 'editorial') : null,
      changes.length ? h('ul', {}, ...changes.map((c) => h('li', {}, `${String(c['field'])}: ${display(c['previous'])} → ${display(c['current'])}`))) : null);
  }))];
}

