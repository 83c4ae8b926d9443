// API tokens of the test admin with chosen scopes, for tests of what each scope may do.
import { as } from '../testkit/client.ts';

export async function apiToken(base: string, ...scopes: string[]): Promise<string> {
  const res = await as(base).raw(
    `mutation { createApiToken(input: { name: "test", scopes: [${scopes.join(', ')}] }) { ... on CreatedApiToken { token } } }`,
  );
  return (res.expectNoErrors() as { createApiToken: { token: string } }).createApiToken.token;
}
