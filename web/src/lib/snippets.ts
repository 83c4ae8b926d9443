// Ready-to-paste snippets from the ingestion contract (seed 000), filled in with a project's
// id and this server's URL, and its key when the project accepts reports only with one.
export type Snippet = { id: string; title: string; language: string; code: string };

export function appLabel(projectId: string): string {
  return projectId.replace(/_/g, '-');
}

export function snippets(projectId: string, apiUrl: string, key?: string): Snippet[] {
  const url = apiUrl.replace(/\/+$/, '');
  const label = appLabel(projectId);
  const header = key ? `-H "X-Log-Center-Key: ${key}" ` : '';
  // A key needs a header, which sendBeacon cannot send: fetch it is, with a CORS preflight.
  const send = key
    ? `fetch(\`\${LOG_CENTER_URL}/api/v1/logs/report\`, { method: 'POST', body, keepalive: true, headers: { 'X-Log-Center-Key': '${key}' } }).catch(() => {});`
    : `// Sent as text/plain: no CORS preflight, and it survives page unload.
  if (!navigator.sendBeacon?.(\`\${LOG_CENTER_URL}/api/v1/logs/report\`, body)) {
    fetch(\`\${LOG_CENTER_URL}/api/v1/logs/report\`, { method: 'POST', body, keepalive: true }).catch(() => {});
  }`;
  return [
    {
      id: 'curl',
      title: 'Register with curl',
      language: 'bash',
      code: `curl -X POST "${url}/api/v1/logs/report" \\
  -H "Content-Type: application/json" ${header}\\
  -d '{
    "project_id": "${projectId}",
    "environment": "production",
    "level": "WARNING",
    "error": {
      "type": "ProjectInit",
      "message": "Project registered to Log Center",
      "stack_trace": ["Project initialization"]
    }
  }'`,
    },
    {
      id: 'python',
      title: 'Python (Django / FastAPI)',
      language: 'python',
      code: `import os, traceback, requests

LOG_CENTER_URL = os.getenv("LOG_CENTER_URL", "${url}")

def report_error(exc, context=None):
    tb = traceback.extract_tb(exc.__traceback__)
    last = tb[-1] if tb else None
    try:
        requests.post(f"{LOG_CENTER_URL}/api/v1/logs/report", json={
            "project_id": "${projectId}",
            "environment": os.getenv("ENVIRONMENT", "production"),
            "level": "ERROR",
            "error": {
                "type": type(exc).__name__,
                "message": str(exc),
                "file_path": last.filename if last else None,
                "line_number": last.lineno if last else None,
                "stack_trace": traceback.format_exception(exc),
            },
            "context": context or {},
        }, ${key ? `headers={"X-Log-Center-Key": "${key}"}, ` : ''}timeout=3)
    except Exception:
        pass  # never let reporting break the app`,
    },
    {
      id: 'javascript',
      title: 'JavaScript / TypeScript (browser)',
      language: 'typescript',
      code: `const LOG_CENTER_URL = '${url}';

export function reportError(error: Error, context: Record<string, unknown> = {}) {
  const stack = error.stack?.split('\\n') ?? [];
  const where = stack[1]?.match(/at\\s+.*\\s+\\((.+):(\\d+):\\d+\\)/);
  const body = JSON.stringify({
    project_id: '${projectId}',
    environment: import.meta.env.MODE,
    level: 'ERROR',
    error: {
      type: error.name,
      message: error.message,
      file_path: where?.[1] ?? null,
      line_number: where ? Number(where[2]) : null,
      stack_trace: stack,
    },
    context: { url: location.href, userAgent: navigator.userAgent, ...context },
  });
  ${send}
}

window.addEventListener('error', (e) => e.error && reportError(e.error));
window.addEventListener('unhandledrejection', (e) =>
  reportError(e.reason instanceof Error ? e.reason : new Error(String(e.reason)), { type: 'unhandledrejection' }),
);`,
    },
    {
      id: 'ci',
      title: 'CI step (Gitea / GitHub Actions)',
      language: 'yaml',
      code: `      # Build steps tee their output: ... 2>&1 | tee /tmp/build.log
      - name: Report failure to Log Center
        if: failure()
        run: |
          LOG=$(tail -100 /tmp/build.log 2>/dev/null || echo "No captured output")
          jq -n --arg log "$LOG" '{
            project_id: "${projectId}",
            environment: "\${{ github.ref_name }}",
            level: "ERROR",
            source: "cicd",
            commit_hash: "\${{ github.sha }}",
            error: { type: "CICDFailure", message: "\${{ github.workflow }} failed on \${{ github.ref_name }}", stack_trace: ($log | split("\\n")) },
            context: {
              job_name: "\${{ github.job }}", step_name: "build", workflow: "\${{ github.workflow }}",
              run_id: "\${{ github.run_number }}", branch: "\${{ github.ref_name }}", actor: "\${{ github.actor }}",
              commit: "\${{ github.sha }}",
              run_url: "\${{ github.server_url }}/\${{ github.repository }}/actions/runs/\${{ github.run_number }}"
            }
          }' | curl -s -m 3 -X POST "${url}/api/v1/logs/report" -H "Content-Type: application/json" ${header}-d @- || true`,
    },
    {
      id: 'kubernetes',
      title: 'Kubernetes deployment label',
      language: 'yaml',
      code: `# The pod monitor maps app labels to projects: "${label}" and "${label}-dev" report to ${projectId}.
metadata:
  labels:
    app: ${label}
spec:
  template:
    metadata:
      labels:
        app: ${label}`,
    },
  ];
}
