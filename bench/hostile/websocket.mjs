// A minimal graphql-transport-ws client over a raw TCP socket (Node 20 has no WebSocket client, and the hostile
// shape needs one thing no library offers: to stop reading). Text frames only; enough for connection_init,
// subscribe, and reading what the server sent or how it closed the socket.
import net from 'node:net';
import { randomBytes } from 'node:crypto';

export class GraphQLSocket {
  /** Opens the socket and completes the HTTP upgrade; resolves with the socket or rejects with why not. */
  static open(host, port, timeoutMs) {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => { socket.destroy(); reject(new Error('upgrade timeout')); }, timeoutMs);
      let head = Buffer.alloc(0);
      const onData = chunk => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        clearTimeout(timer);
        socket.off('data', onData);
        const statusLine = head.subarray(0, head.indexOf('\r\n')).toString();
        if (!/^HTTP\/1\.1 101/.test(statusLine)) { socket.destroy(); reject(new Error(statusLine)); return; }
        resolve(new GraphQLSocket(socket, head.subarray(end + 4)));
      };
      socket.on('data', onData);
      socket.once('error', error => { clearTimeout(timer); reject(error); });
      socket.once('connect', () => socket.write([
        'GET /graphql HTTP/1.1', `Host: ${host}:${port}`, 'Upgrade: websocket', 'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, 'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Protocol: graphql-transport-ws', '', ''].join('\r\n')));
    });
  }

  constructor(socket, rest) {
    this.socket = socket;
    this.buffer = rest;
    this.messages = [];     // parsed graphql-transport-ws messages, in order
    this.closeCode = null;  // the server's close frame, if one came
    this.ended = false;     // the TCP connection ended or broke
    this.bytesRead = rest.length;
    this.waiters = [];
    socket.on('data', chunk => { this.bytesRead += chunk.length; this.buffer = Buffer.concat([this.buffer, chunk]); this.parse(); });
    socket.on('close', () => { this.ended = true; this.wake(); });
    socket.on('error', () => { this.ended = true; });
    this.parse();
  }

  send(message) {
    if (this.ended || this.socket.destroyed) return;
    const payload = Buffer.from(JSON.stringify(message));
    const mask = randomBytes(4);
    const length = payload.length;
    const header = length < 126 ? Buffer.from([0x81, 0x80 | length])
      : length < 65536 ? Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x81, 0x80 | 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(length)); return b; })()]);
    for (let i = 0; i < length; i++) payload[i] ^= mask[i & 3];
    this.socket.write(Buffer.concat([header, mask, payload]));
  }

  /** Resolves with the first message (already received or still to come) that `test` accepts, or null at the deadline. */
  waitFor(test, timeoutMs) {
    const found = this.messages.find(test);
    if (found || this.ended) return Promise.resolve(found ?? null);
    return new Promise(resolve => {
      const waiter = { test, resolve };
      const timer = setTimeout(() => { this.waiters = this.waiters.filter(w => w !== waiter); resolve(null); }, timeoutMs);
      waiter.resolve = value => { clearTimeout(timer); resolve(value); };
      this.waiters.push(waiter);
    });
  }

  /** Stops reading: the kernel's receive buffer fills and the server's sends eventually block. */
  stopReading() { this.socket.pause(); }

  resumeReading() { this.socket.resume(); }

  close() { this.socket.destroy(); }

  parse() {
    for (;;) {
      const b = this.buffer;
      if (b.length < 2) return;
      const opcode = b[0] & 0x0f;
      let length = b[1] & 0x7f;
      let offset = 2;
      if (length === 126) { if (b.length < 4) return; length = b.readUInt16BE(2); offset = 4; }
      else if (length === 127) { if (b.length < 10) return; length = Number(b.readBigUInt64BE(2)); offset = 10; }
      if (b.length < offset + length) return;
      const payload = b.subarray(offset, offset + length);
      this.buffer = b.subarray(offset + length);
      if (opcode === 0x8) { this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005; this.wake(); }
      else if (opcode === 0x9) this.pong(payload);
      else if (opcode === 0x1) this.receive(payload.toString('utf8'));
    }
  }

  receive(text) {
    let message;
    try { message = JSON.parse(text); } catch { message = { type: 'unparseable' }; }
    // Keep only what the report needs of an event; a never-read subscription can hold thousands of them.
    this.messages.push(message.type === 'next' ? { type: 'next', id: message.id, codes: (message.payload?.errors ?? []).map(e => e.extensions?.code) } : message);
    this.wake();
  }

  pong(payload) {
    const mask = randomBytes(4);
    const masked = Buffer.from(payload);
    for (let i = 0; i < masked.length; i++) masked[i] ^= mask[i & 3];
    if (!this.socket.destroyed) this.socket.write(Buffer.concat([Buffer.from([0x8a, 0x80 | masked.length]), mask, masked]));
  }

  wake() {
    for (const waiter of [...this.waiters]) {
      const found = this.messages.find(waiter.test);
      if (found || this.ended || this.closeCode !== null) {
        this.waiters = this.waiters.filter(w => w !== waiter);
        waiter.resolve(found ?? null);
      }
    }
  }
}
