// The view in the URL's fragment, so a link restores it and a reload keeps it: the entities on the canvas (kind:key),
// the time range, sizing and colouring, the path asked for and the selected entity.
export interface ViewState {
  nodes: { kind: string; key: string }[];
  from: string;
  until: string;
  sizeBy: string;
  byCommunity: boolean;
  edgeLabels: boolean;
  path: { from: string; to: string; k: number } | null;
  selected: string;
}

export function readView(hash = location.hash): ViewState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const nodes = (p.get('v') ?? '').split(',').filter(Boolean).map((item) => {
    const colon = item.indexOf(':');
    return { kind: item.slice(0, colon), key: item.slice(colon + 1) };
  }).filter((n) => n.kind && n.key);
  const path = (p.get('path') ?? '').split('>');
  return {
    nodes,
    from: p.get('from') ?? '',
    until: p.get('until') ?? '',
    sizeBy: p.get('size') ?? '',
    byCommunity: p.get('community') === '1',
    edgeLabels: p.get('labels') !== '0',
    path: path.length >= 2 && path[0] && path[1] ? { from: path[0], to: path[1], k: Number(path[2] ?? 1) || 1 } : null,
    selected: p.get('sel') ?? '',
  };
}

export function writeView(view: ViewState): void {
  const p = new URLSearchParams();
  if (view.nodes.length) p.set('v', view.nodes.map((n) => `${n.kind}:${n.key}`).join(','));
  if (view.from) p.set('from', view.from);
  if (view.until) p.set('until', view.until);
  if (view.sizeBy) p.set('size', view.sizeBy);
  if (view.byCommunity) p.set('community', '1');
  if (!view.edgeLabels) p.set('labels', '0');
  if (view.path) p.set('path', `${view.path.from}>${view.path.to}>${view.path.k}`);
  if (view.selected) p.set('sel', view.selected);
  const hash = '#' + p.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%3E/gi, '>');
  if (hash !== location.hash) history.replaceState(null, '', hash === '#' ? location.pathname + location.search : hash);
}
