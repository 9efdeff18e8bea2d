// Taking the view away: SVG drawn from the positions on screen, PNG rendered from that SVG, GraphML of the subgraph.
import type { Renderer } from './render';
import type { ViewGraph } from './state';

export function toSvg(graph: ViewGraph, renderer: Renderer): string {
  const { width, height } = renderer.sigma.getDimensions();
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#98a2ad"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#fbfbfa"/>`,
  ];
  graph.forEachEdge((_, a, source, target) => {
    if (renderer.isHidden(source) || renderer.isHidden(target)) return;
    const s = renderer.screenPosition(source), t = renderer.screenPosition(target);
    const r = renderer.displaySize(target);
    const dx = t.x - s.x, dy = t.y - s.y, length = Math.hypot(dx, dy) || 1;
    const ex = t.x - (dx / length) * r, ey = t.y - (dy / length) * r;
    lines.push(`<line x1="${s.x.toFixed(1)}" y1="${s.y.toFixed(1)}" x2="${ex.toFixed(1)}" y2="${ey.toFixed(1)}" stroke="${a.path !== null ? '#c2255c' : '#b8c0c8'}" stroke-width="1.2" marker-end="url(#arrow)"/>`);
    lines.push(`<text x="${((s.x + t.x) / 2).toFixed(1)}" y="${((s.y + t.y) / 2).toFixed(1)}" font-size="8" fill="#69737d" text-anchor="middle">${esc(a.type)}</text>`);
  });
  graph.forEachNode((node, a) => {
    if (renderer.isHidden(node)) return;
    const p = renderer.screenPosition(node);
    const r = renderer.displaySize(node);
    lines.push(`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${r.toFixed(1)}" fill="${renderer.displayColour(node)}"><title>${esc(a.kind)}: ${esc(a.key)}</title></circle>`);
    lines.push(`<text x="${(p.x + r + 2).toFixed(1)}" y="${(p.y + 4).toFixed(1)}" font-size="12" fill="#1d232a">${esc(a.label)}</text>`);
  });
  lines.push('</svg>');
  return lines.join('\n');
}

export async function toPng(svg: string): Promise<Blob> {
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    const scale = window.devicePixelRatio || 1;
    canvas.width = image.width * scale;
    canvas.height = image.height * scale;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No 2D canvas.');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function toGraphMl(graph: ViewGraph): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="name" for="node" attr.name="name" attr.type="string"/>',
    '  <key id="x" for="node" attr.name="x" attr.type="double"/>',
    '  <key id="y" for="node" attr.name="y" attr.type="double"/>',
    '  <key id="type" for="edge" attr.name="type" attr.type="string"/>',
    '  <graph edgedefault="directed">',
  ];
  graph.forEachNode((node, a) => lines.push(`    <node id="${esc(node)}"><data key="kind">${esc(a.kind)}</data><data key="name">${esc(a.label)}</data><data key="x">${a.x}</data><data key="y">${a.y}</data></node>`));
  graph.forEachEdge((edge, a, source, target) => lines.push(`    <edge id="${esc(edge)}" source="${esc(source)}" target="${esc(target)}"><data key="type">${esc(a.type)}</data></edge>`));
  lines.push('  </graph>', '</graphml>');
  return lines.join('\n');
}

export function download(name: string, content: Blob | string, type: string): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
