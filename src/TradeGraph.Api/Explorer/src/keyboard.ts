// Keyboard use: / finds, arrows move between nodes on the canvas, Enter opens the panel, E expands, C collapses,
// Delete removes, Escape closes the panel, Ctrl+Z undoes.
import type { Renderer } from './render';

export interface KeyboardActions {
  focusSearch(): void;
  undo(): void;
  selected(): string | null;
  select(key: string, openPanel: boolean): void;
  expand(key: string): void;
  collapse(key: string): void;
  remove(key: string): void;
  closePanel(): void;
}

export function bindKeyboard(canvas: HTMLElement, renderer: Renderer | null, actions: KeyboardActions): void {
  document.addEventListener('keydown', (e) => {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;
    if (e.key === '/' && !typing) {
      e.preventDefault();
      actions.focusSearch();
    } else if ((e.ctrlKey || e.metaKey) && e.key === 'z' && !typing) {
      e.preventDefault();
      actions.undo();
    } else if (e.key === 'Escape' && !typing) {
      actions.closePanel();
    }
  });

  canvas.addEventListener('keydown', (e) => {
    if (!renderer) return;
    const current = actions.selected();
    const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const direction = arrows[e.key];
    if (direction) {
      e.preventDefault();
      const next = current ? nearest(renderer, current, direction) : firstNode(renderer);
      if (next) actions.select(next, false);
      return;
    }
    if (!current) return;
    if (e.key === 'Enter') actions.select(current, true);
    else if (e.key === 'e' || e.key === 'E') actions.expand(current);
    else if (e.key === 'c' || e.key === 'C') actions.collapse(current);
    else if (e.key === 'Delete' || e.key === 'Backspace') actions.remove(current);
    else return;
    e.preventDefault();
  });
}

function firstNode(renderer: Renderer): string | null {
  let best: string | null = null;
  renderer.graph.forEachNode((node) => {
    if (!best && !renderer.isHidden(node)) best = node;
  });
  return best;
}

/** The visible node closest to `from` in a direction (within 60° of it), weighting distance off the axis double. */
function nearest(renderer: Renderer, from: string, [dx, dy]: [number, number]): string | null {
  const origin = renderer.screenPosition(from);
  let best: string | null = null;
  let bestScore = Infinity;
  renderer.graph.forEachNode((node) => {
    if (node === from || renderer.isHidden(node)) return;
    const p = renderer.screenPosition(node);
    const along = (p.x - origin.x) * dx + (p.y - origin.y) * dy;
    const across = Math.abs((p.x - origin.x) * dy - (p.y - origin.y) * dx);
    if (along <= 0 || across > along * 1.8) return;
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = node;
    }
  });
  return best;
}
