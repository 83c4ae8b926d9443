// What the dashboard needs to know about its server: where reports go (for the onboarding
// snippets). The Log Center server answers /config.json; under `npm run dev` the API is
// assumed on port 8002 of the same host.
export type DashboardConfig = { apiUrl: string };

export async function loadConfig(): Promise<DashboardConfig> {
  try {
    const res = await fetch('/config.json');
    if (res.ok) return (await res.json()) as DashboardConfig;
  } catch {
    // fall through to the default
  }
  return { apiUrl: `${location.protocol}//${location.hostname}:8002` };
}
