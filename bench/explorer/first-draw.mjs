#!/usr/bin/env node
// Time from a search on the seed to the first drawn graph, in headless Debian Chromium with software WebGL (as run.sh and
// CI), against a running server: open /explore/, type "Bessent", wait for the suggestions, press Enter (a real key event),
// and stop at the first animation frame after the canvas holds Scott Bessent and the Kuala Lumpur talks (the table
// view's data-* rows, which list exactly the canvas's nodes). Both ends are read from the page's own clock. A fresh
// browser context each run (no cache). Prints each run and the median as one JSON line.
//
//   node first-draw.mjs [base URL, default http://localhost:5000] [runs, default 10]
//
// Talks to Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe): no dependency beyond Node.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = (process.argv[2] ?? 'http://localhost:5000').replace(/\/$/, '');
const runs = Number(process.argv[3] ?? 10);
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const profile = mkdtempSync(join(tmpdir(), 'first-draw-'));

const browser = spawn(chromium, [
  '--headless', '--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--window-size=1400,900',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank',
], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });

let nextId = 1;
const pending = new Map();
let buffer = '';
browser.stdio[4].on('data', (chunk) => {
  buffer += chunk.toString('utf8');
  let end;
  while ((end = buffer.indexOf('\0')) >= 0) {
    const message = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    const waiter = message.id && pending.get(message.id);
    if (!waiter) continue;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
    else waiter.resolve(message.result);
  }
});

function send(method, params = {}, sessionId = undefined) {
  const id = nextId++;
  browser.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + '\0');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject, method }));
}

async function evaluate(sessionId, expression) {
  const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value;
}

/** Polls a page expression until it is true (the page's own waits would need the page to be loaded first). */
async function until(sessionId, expression, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await evaluate(sessionId, `!!(${expression})`).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function key(sessionId, key, code, keyCode, text) {
  await send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, windowsVirtualKeyCode: keyCode, text }, sessionId);
  await send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: keyCode }, sessionId);
}

async function once() {
  const { browserContextId } = await send('Target.createBrowserContext');
  const { targetId } = await send('Target.createTarget', { url: 'about:blank', browserContextId });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  try {
    await send('Page.enable', {}, sessionId);
    await send('Page.navigate', { url: `${base}/explore/` }, sessionId);
    await until(sessionId, `document.body?.dataset.ready === 'true'`, 'the explorer to start');
    // Arm the clock: from the Enter keydown on the search box to the first frame after the nodes are on the canvas.
    await evaluate(sessionId, `(() => {
      const search = document.getElementById('search');
      window.__firstDraw = new Promise((resolve) => {
        let start = 0;
        search.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !start) start = performance.now(); }, { capture: true });
        const onCanvas = () => document.querySelector("#node-table tr[data-key='scott-bessent']") && document.querySelector("#node-table tr[data-key='kuala-lumpur-trade-talks']");
        new MutationObserver((_, observer) => {
          if (!start || !onCanvas()) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - start));
        }).observe(document.getElementById('node-table'), { childList: true, subtree: true });
      });
      search.focus();
    })()`);
    await send('Input.insertText', { text: 'Bessent' }, sessionId);
    await until(sessionId, `document.querySelector("#suggestions li[data-key='scott-bessent']")`, 'the suggestions');
    await key(sessionId, 'Enter', 'Enter', 13, '\r');
    return await evaluate(sessionId, 'window.__firstDraw');
  } finally {
    await send('Target.closeTarget', { targetId });
    await send('Target.disposeBrowserContext', { browserContextId });
  }
}

try {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(Math.round(await once()));
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : Math.round((sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2);
  console.log('FIRST_DRAW ' + JSON.stringify({ base, runs, medianMs: median, minMs: sorted[0], maxMs: sorted.at(-1), runsMs: times }));
} catch (error) {
  console.error(`first-draw: ${error.message}`);
  process.exitCode = 1;
} finally {
  browser.kill();
  await new Promise((r) => browser.once('exit', r));
  rmSync(profile, { recursive: true, force: true });
}
