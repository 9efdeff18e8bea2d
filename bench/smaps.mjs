// Resident memory of a process by mapping, from /proc/<pid>/smaps (issue 13: what the RSS outside the managed heap is).
// Groups: file-backed by kind (managed images, native libraries by name, the store's files), and anonymous memory by
// shape — a thread's stack (the mapping holding a thread's stack pointer, from /proc/<pid>/task/*/syscall), a glibc malloc arena (a 64 MiB-aligned
// heap of HEAP_MAX_SIZE), the main malloc heap ([heap]), and the rest (the GC's regions, the runtime's own heaps, JIT
// code). The shapes are heuristics, named as such in the output; the totals are exact.
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

const arenaBytes = 64 * 2 ** 20;

function mappings(pid) {
  const rows = [];
  let current = null;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      current = { start: BigInt(`0x${head[1]}`), end: BigInt(`0x${head[2]}`), perms: head[3], path: head[4], rss: 0 };
      rows.push(current);
    } else if (current && line.startsWith('Rss:')) {
      current.rss = Number(/(\d+)/.exec(line)[1]) * 1024;
    }
  }
  return rows;
}

// The stack pointer of every thread blocked in a system call (a running thread reports none; idle servers have few).
function stackPointers(pid) {
  const sps = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const fields = readFileSync(`/proc/${pid}/task/${tid}/syscall`, 'utf8').trim().split(' ');
      if (fields.length >= 9) sps.push(BigInt(fields[7]));
    } catch { /* the thread ended meanwhile */ }
  }
  return sps;
}

function kindOf(m, next, sps) {
  if (m.path.startsWith('/memfd:')) return `shared: ${m.path.replace(' (deleted)', '')} (the runtime's W^X double mapping of JIT code and stubs)`;
  if (m.path.startsWith('/')) {
    const name = basename(m.path);
    if (/\.(dll|exe)$/i.test(name)) return 'file: managed images (*.dll)';
    if (/^store\.db/.test(name)) return `file: ${name}`;
    if (/\.so(\.|$)/.test(name)) return `file: ${name}`;
    return 'file: other';
  }
  if (m.path === '[heap]') return 'anon: [heap] (glibc main arena)';
  if (m.path.startsWith('[')) return `anon: ${m.path}`;
  const size = m.end - m.start;
  if (sps.some(sp => sp >= m.start && sp < m.end)) return 'anon: thread stacks';
  const arenaStart = m.start - (m.start % BigInt(arenaBytes));
  const reserved = next && next.start === m.end && next.perms === '---p' && next.path === '' ? next.end - next.start : 0n;
  if (m.perms.startsWith('rw') && arenaStart === m.start && size + reserved === BigInt(arenaBytes)) return 'anon: malloc arenas (64 MiB-aligned heaps)';
  return 'anon: other (GC regions, runtime heaps, JIT code)';
}

/** A table of resident MiB by group, largest first, with the count of mappings and the thread count. */
export function residentByMapping(pid) {
  const groups = new Map();
  const all = mappings(pid);
  const sps = stackPointers(pid);
  for (let i = 0; i < all.length; i++) {
    const m = all[i];
    const kind = kindOf(m, all[i + 1], sps);
    const g = groups.get(kind) ?? { rss: 0, count: 0 };
    g.rss += m.rss;
    g.count += m.rss > 0 ? 1 : 0;
    groups.set(kind, g);
  }
  const threads = /Threads:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1];
  const total = [...groups.values()].reduce((a, g) => a + g.rss, 0);
  const rows = [...groups.entries()].filter(([, g]) => g.rss >= 2 ** 20).sort((a, b) => b[1].rss - a[1].rss)
    .map(([kind, g]) => `  ${(g.rss / 2 ** 20).toFixed(1).padStart(7)} MiB  ${kind} (${g.count} resident mappings)`);
  return [...rows, `  ${(total / 2 ** 20).toFixed(1).padStart(7)} MiB  total; threads ${threads}`].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(residentByMapping(process.argv[2]));
