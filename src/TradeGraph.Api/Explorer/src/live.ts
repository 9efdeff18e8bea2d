// Live updates: one graphql-transport-ws WebSocket to the app's /graphql, subscribed to graphChanged; reconnects with a
// growing pause when the socket drops (a server restart, SUBSCRIPTION_FELL_BEHIND).
import type { KeyStore } from './keys';

export interface GraphChange {
  revision: number;
  change: 'CREATED' | 'UPDATED' | 'DELETED';
  kind: string;
  key: string;
  actor: string;
  at: string;
  entity: Record<string, unknown> | null;
  relationship: { type: string; from?: { id: string }; to?: { id: string } } | null;
}

export class LiveFeed {
  private socket: WebSocket | null = null;
  private pause = 1000;
  private stopped = false;
  /** True once the server has acknowledged the subscription's connection. */
  connected = false;

  constructor(private readonly endpoint: string, private readonly subscription: string, private readonly keys: KeyStore,
    private readonly onChange: (change: GraphChange) => void, private readonly onStatus: (status: string) => void) {}

  start(): void {
    this.stopped = false;
    const url = new URL(this.endpoint, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, 'graphql-transport-ws');
    this.socket = socket;
    socket.addEventListener('open', () => {
      const key = this.keys.get();
      socket.send(JSON.stringify({ type: 'connection_init', payload: key ? { 'X-Api-Key': key } : {} }));
    });
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { type: string; id?: string; payload?: unknown };
      switch (message.type) {
        case 'connection_ack':
          this.connected = true;
          this.pause = 1000;
          document.body.dataset['live'] = 'on';
          socket.send(JSON.stringify({ id: 'live', type: 'subscribe', payload: { query: this.subscription } }));
          this.onStatus('Live: changes made through the API appear here.');
          break;
        case 'ping':
          socket.send(JSON.stringify({ type: 'pong' }));
          break;
        case 'next': {
          const payload = message.payload as { data?: { graphChanged?: GraphChange } };
          if (payload.data?.graphChanged) this.onChange(payload.data.graphChanged);
          break;
        }
        case 'error':
          this.onStatus('Live updates refused: ' + JSON.stringify(message.payload));
          break;
        case 'complete':
          socket.close();
          break;
      }
    });
    socket.addEventListener('close', () => {
      this.connected = false;
      document.body.dataset['live'] = 'off';
      if (this.stopped) return;
      this.onStatus(`Live updates paused; reconnecting in ${Math.round(this.pause / 1000)} s.`);
      setTimeout(() => this.start(), this.pause);
      this.pause = Math.min(this.pause * 2, 30_000);
    });
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
  }
}
