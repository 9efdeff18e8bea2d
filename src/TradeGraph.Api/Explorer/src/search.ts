// The search box: suggestions as you type (searchEntities, fuzzy), narrowed to a kind; arrow keys move through them,
// Enter or a click puts the entity on the canvas with its neighbourhood.
import { byId, h } from './dom';
import type { Queries, SearchHit } from './queries';

export class Search {
  private readonly input = byId<HTMLInputElement>('search');
  private readonly kinds = byId<HTMLSelectElement>('kinds');
  private readonly list = byId<HTMLUListElement>('suggestions');
  private hits: SearchHit[] = [];
  private active = -1;
  private timer = 0;
  private sequence = 0;

  constructor(private readonly queries: Queries, kinds: string[], private readonly pick: (key: string, kind: string) => void,
    private readonly report: (message: string) => void) {
    for (const kind of kinds) this.kinds.append(h('option', { value: kind }, kind));
    this.input.addEventListener('input', () => this.schedule());
    this.kinds.addEventListener('change', () => this.schedule());
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('blur', () => setTimeout(() => this.hide(), 150));
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.suggest(), 150);
  }

  private async suggest(): Promise<void> {
    const text = this.input.value.trim();
    const sequence = ++this.sequence;
    if (text.length < 2) {
      this.show([]);
      return;
    }
    try {
      const hits = await this.queries.search(text, this.kinds.value ? [this.kinds.value] : null);
      if (sequence === this.sequence) this.show(hits);
    } catch (error) {
      this.report(`Search failed: ${(error as Error).message}`);
    }
  }

  private show(hits: SearchHit[]): void {
    this.hits = hits;
    this.active = hits.length ? 0 : -1;
    this.list.replaceChildren(...hits.map((hit, i) => {
      const item = h('li', { role: 'option', id: `suggestion-${i}`, 'data-key': hit.node.key, 'aria-selected': i === 0 ? 'true' : 'false' },
        h('span', {}, hit.node.name), h('small', {}, hit.node.__typename));
      item.addEventListener('mousedown', (e) => {
        e.preventDefault();
        this.choose(i);
      });
      return item;
    }));
    this.list.hidden = hits.length === 0;
    this.input.setAttribute('aria-expanded', String(hits.length > 0));
    this.mark();
  }

  private hide(): void {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
  }

  private mark(): void {
    [...this.list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === this.active)));
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `suggestion-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!this.hits.length) return;
      e.preventDefault();
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : -1) + this.hits.length) % this.hits.length;
      this.mark();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.hits.length) this.choose(Math.max(this.active, 0));
      else void this.suggest().then(() => this.hits.length && this.choose(0));
    } else if (e.key === 'Escape') {
      this.hide();
    }
  }

  private choose(i: number): void {
    const hit = this.hits[i];
    if (!hit) return;
    this.hide();
    this.input.value = hit.node.name;
    this.pick(hit.node.key, hit.node.__typename);
  }
}
