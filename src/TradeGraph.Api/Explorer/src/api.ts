// The only way the explorer talks to the service: GraphQL over HTTP POST to the app's own /graphql.
import type { KeyStore } from './keys';

export class ApiError extends Error {
  constructor(message: string, readonly code: string | undefined, readonly status: number) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export class Api {
  constructor(readonly endpoint: string, private readonly keys: KeyStore) {}

  /** Runs an operation; asks for a key when the server says it needs one (again if it refuses the key), and throws on any error. */
  async run<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' };
      const key = this.keys.get();
      if (key) headers['X-Api-Key'] = key;
      const response = await fetch(this.endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      let body: GraphQLResponse<T>;
      try {
        body = (await response.json()) as GraphQLResponse<T>;
      } catch {
        throw new ApiError(`The server answered HTTP ${response.status} without a GraphQL response.`, undefined, response.status);
      }

      const error = body.errors?.[0];
      const code = error?.extensions?.code;
      // A mistyped key is asked for again (a few times), not left to fail every request after it.
      if ((response.status === 401 || code === 'UNAUTHENTICATED') && attempt < 3) {
        if (key) this.keys.clear();
        const given = await this.keys.ask(key ? 'That key was refused.' : 'This server needs an API key to read.');
        if (given) continue;
      }

      if (error || !body.data) {
        throw new ApiError(error?.message ?? `HTTP ${response.status}`, code, response.status);
      }

      return body.data;
    }
  }
}
