// The report endpoints: the contract's and Sentry's. They are open to every origin, and may be
// limited per client address (as the build-log writers may be, builds/endpoints.ts).
const REPORT_PATHS = /^\/api\/(v1\/logs\/report|[^/]+\/(envelope|store))\/?(\?|$)/;

export const isReportEndpoint = (url: string) => REPORT_PATHS.test(url);
