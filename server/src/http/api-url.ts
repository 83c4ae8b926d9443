// The API's URL as the client reached it: PUBLIC_API_URL, else the request's host on the API
// port (the dashboard is served from another port of the same host).
export type ApiUrlOptions = { publicApiUrl: string | undefined; apiPort: number };

export function apiUrlFor(host: string | undefined, protocol: string, options: ApiUrlOptions): string {
  if (options.publicApiUrl) return options.publicApiUrl;
  const hostname = (host ?? 'localhost').replace(/:\d+$/, '');
  return `${protocol}://${hostname}:${options.apiPort}`;
}
