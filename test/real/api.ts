/** The Docker Engine API over an engine's unix socket: the harness's own view of each engine. */
import { request } from 'node:http';

export interface ApiResult {
  readonly status: number;
  readonly body: unknown;
}

export function api(socket: string, method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<ApiResult> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      {
        socketPath: socket,
        method,
        path,
        headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {},
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // plain text (the ping's "OK", an error page)
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The parsed body of a 2xx answer, or undefined (engine down, not a manager, no leader...). */
export async function apiGet<T>(socket: string, path: string): Promise<T | undefined> {
  try {
    const r = await api(socket, 'GET', path);
    return r.status >= 200 && r.status < 300 ? (r.body as T) : undefined;
  } catch {
    return undefined;
  }
}
