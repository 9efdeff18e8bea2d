#!/usr/bin/env node
// Start-up to the first analytics answer, by phase (issue 13): spawns the published server (Release, ReadyToRun, as
// bench/run and the Dockerfile publish it; --api <TradeGraph.Api.dll> runs another build) on a store (pinned to one core,
// default settings, as bench/run's fresh server), polls `officials(order: [{ pageRank: DESC }], first: 10)` every 5 ms
// from spawn, keeps the server's Information log with timestamps (the phases: store ready, analytics snapshot read and
// prepared, read model ready), then optionally runs every analytics field once and reads the RSS after each.
//
//   node bench/first-analytics.mjs --db <copy of a store> [--port 5311] [--core 0] [--fields from,to] [--log out.log]
//                                  [--api <dll>] [--extra '<more server arguments>'] [--after-snapshot <ms>]
// --after-snapshot <ms>: the first request is sent that long after the server logs its first analytics snapshot (a
// client that comes after the snapshot is served, when start-up work may already run); prints the server CPU that
// request took as well.
//
// Use a copy of a store: the server writes its topology file next to it.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import { analyticsFields, timeToFirstAnalyticsAnswer } from './analytics.mjs';
import { cpuSeconds, post, publishedApi, requirePublishedApi, rssBytes, stopServer } from './processes.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const db = arg('db');
if (!db) throw new Error('--db <copy of a store> is required');
const port = arg('port', '5311');
const api = requirePublishedApi(arg('api', publishedApi));
const logFile = arg('log', `${db}.first-analytics.log`);
const out = createWriteStream(logFile);
const mb = bytes => Math.round(bytes / 2 ** 20);

const child = spawn('taskset', ['-c', arg('core', '0'), 'dotnet', api, `--Storage:Sqlite:Path=${db}`, `--Urls=http://127.0.0.1:${port}`,
  '--Seed:LoadWhenEmpty=false', '--GraphQL:ResponseCache:Enabled=false', ...(arg('extra') ? arg('extra').split(' ') : [])], {
  env: {
    ...process.env, ASPNETCORE_ENVIRONMENT: 'Production', Logging__LogLevel__Default: 'Information', Logging__LogLevel__Microsoft: 'Warning', 'Logging__LogLevel__Microsoft.Hosting.Lifetime': 'Information',
    Logging__Console__FormatterName: 'simple', Logging__Console__FormatterOptions__TimestampFormat: 'HH:mm:ss.fff ',
    Logging__Console__FormatterOptions__SingleLine: 'true',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const spawned = Date.now();
out.write(`spawned at ${new Date(spawned).toISOString().slice(11, 23)}; load average ${os.loadavg().map(l => l.toFixed(2)).join(' ')}\n`);
child.stdout.pipe(out, { end: false });
child.stderr.pipe(out, { end: false });
let stderr = '';
let logged = '';
child.stdout.on('data', d => { logged = (logged + d).slice(-20000); });
child.stderr.on('data', d => { stderr = (stderr + d).slice(-2000); });
const server = { name: 'tradegraph', child, pid: child.pid, stderr: () => stderr };

try {
  const url = `http://127.0.0.1:${port}/graphql`;
  const dotnetPid = child.pid; // taskset execs dotnet in its own process
  const afterSnapshot = arg('after-snapshot');
  let cpuAtFirstRequest = null;
  if (afterSnapshot !== undefined) {
    while (!logged.includes('Analytics snapshot of graph version')) {
      if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}): ${stderr.slice(-300)}`);
      await new Promise(r => setTimeout(r, 5));
    }
    await new Promise(r => setTimeout(r, Number(afterSnapshot)));
    cpuAtFirstRequest = cpuSeconds(dotnetPid);
  }
  const first = await timeToFirstAnalyticsAnswer(url, server, 120_000);
  if (cpuAtFirstRequest !== null) {
    console.log(`sent ${afterSnapshot} ms after the snapshot was logged: the request took ${(cpuSeconds(dotnetPid) - cpuAtFirstRequest).toFixed(2)} s of server CPU`);
  }
  console.log(`first analytics answer: ${first.ms?.toFixed(0)} ms after spawn (rejected polls ${first.rejected ?? 0}${first.error ? `; ${first.error}` : ''}); `
    + `CPU ${cpuSeconds(dotnetPid).toFixed(2)} s (one core: what the wall time is on a quiet machine); RSS ${mb(rssBytes(dotnetPid))} MB; load ${os.loadavg().map(l => l.toFixed(2)).join(' ')}`);
  const fields = arg('fields');
  if (fields) {
    // Let start-up work in the background finish first (the read model), as the bench reads memory after the workloads.
    await new Promise(r => setTimeout(r, Number(arg('settle', '20000'))));
    console.log(`RSS before the analytics fields: ${mb(rssBytes(dotnetPid))} MB`);
    const [from, to] = fields.split(',');
    for (const [name, query] of analyticsFields(from, to)) {
      const started = process.hrtime.bigint();
      const { status, bytes } = await post(url, JSON.stringify({ query }));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const text = bytes.toString('utf8');
      console.log(`${name}: ${ms.toFixed(0)} ms, ${status}${text.includes('"errors"') ? ` ${text.slice(0, 200)}` : ''}; RSS ${mb(rssBytes(dotnetPid))} MB`);
    }
  }
} finally {
  await stopServer(server);
  out.end();
}
