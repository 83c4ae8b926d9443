// How the users page changes a user: the reasons by field when the input was refused.
import type { UserUpdate, UsersPageQuery } from '$lib/generated/graphql.ts';

export type User = UsersPageQuery['users'][number];
/** Changes `user`; on success the page says `what`. Gives the reasons by field it was refused for. */
export type Update = (user: User, input: UserUpdate, what: string) => Promise<Record<string, string>>;
