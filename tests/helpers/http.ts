import { request as httpRequest } from 'node:http';
import { adminAuthorization } from './auth.ts';
import type { ReportResponse } from '../../server/src/ingest/routes.ts';

// Small fetch wrappers whose failures show the request and the response body.
export type JsonResponse<T = any> = { status: number; headers: Headers; body: T; text: string };

export async function request<T = any>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  init: { headers?: Record<string, string>; raw?: string; anonymous?: boolean } = {},
): Promise<JsonResponse<T>> {
  // As the test servers' admin, unless the test is about who may do what.
  const headers: Record<string, string> = {
    ...(init.anonymous ? {} : { authorization: adminAuthorization }),
    ...init.headers,
  };
  let payload: string | undefined = init.raw;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body: payload });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

export const post = <T = any>(base: string, path: string, body?: unknown, init?: Parameters<typeof request>[4]) =>
  request<T>(base, 'POST', path, body, init);
export const put = <T = any>(base: string, path: string, body?: unknown, init?: Parameters<typeof request>[4]) =>
  request<T>(base, 'PUT', path, body, init);
export const get = <T = any>(base: string, path: string, init?: Parameters<typeof request>[4]) =>
  request<T>(base, 'GET', path, undefined, init);

export const report = (base: string, body: unknown) => post<ReportResponse>(base, '/api/v1/logs/report', body);

/** A POST through node:http, which adds no headers of its own (fetch always sets a content type). */
export async function rawPost(base: string, path: string, text: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = httpRequest(
      base + path,
      { method: 'POST', headers: { 'content-length': Buffer.byteLength(text), ...headers } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (data += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}
