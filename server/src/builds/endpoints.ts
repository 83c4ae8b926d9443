// The build-log writers CI jobs call: this API's own and the seed's print API. Open like the
// report endpoints, and like them limited per client address when BUILD_LOG_LIMIT_PER_ADDRESS
// is set.
const WRITE_PATHS =
  /^\/api\/v1\/(builds\/[^/?]+\/[^/?]+\/[^/?]+\/(logs|status)|build\/logs\/print(\/multi|\/status)?)\/?(\?|$)/;

export const isBuildLogWrite = (method: string, url: string) =>
  (method === 'POST' || method === 'PUT') && WRITE_PATHS.test(url);
