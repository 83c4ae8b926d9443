// A single-page app: everything renders in the browser, live over GraphQL.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
