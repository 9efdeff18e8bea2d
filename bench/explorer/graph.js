// A generated graph with the seed's shape: 10,000 entities of 9 kinds, preferential attachment (a few hubs, many
// leaves); the bench draws the 2,000 best-connected nodes and the first 5,000 relationships between them.
export function generate(seed = 42) {
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const total = 10_000, drawn = 2_000, wanted = 5_000;
  const degree = new Array(total).fill(0);
  const edges = [];
  const ends = [];
  for (let i = 1; i < total; i++) {
    for (let m = 0; m < 2; m++) {
      const j = ends.length && random() < 0.8 ? ends[Math.floor(random() * ends.length)] : Math.floor(random() * i);
      if (j === i) continue;
      edges.push([i, j]);
      degree[i]++; degree[j]++;
      ends.push(i, j);
    }
  }
  const chosen = [...degree.keys()].sort((a, b) => degree[b] - degree[a]).slice(0, drawn);
  const inside = new Set(chosen);
  const kept = [];
  const seen = new Set();
  for (const [a, b] of edges) {
    const id = a < b ? a + ':' + b : b + ':' + a;
    if (inside.has(a) && inside.has(b) && !seen.has(id)) { seen.add(id); kept.push([a, b]); }
  }
  // Not enough relationships inside the top 2,000? Add random ones between them (still a hub-heavy graph).
  while (kept.length < wanted) {
    const a = chosen[Math.floor(random() * drawn)], b = chosen[Math.floor(random() * drawn)];
    const id = a < b ? a + ':' + b : b + ':' + a;
    if (a !== b && !seen.has(id)) { seen.add(id); kept.push([a, b]); }
  }
  return { nodes: chosen.map((n) => ({ id: 'n' + n, kind: n % 9, x: random() * 1000, y: random() * 1000 })), edges: kept.slice(0, wanted).map(([a, b], i) => ({ id: 'e' + i, source: 'n' + a, target: 'n' + b })) };
}
