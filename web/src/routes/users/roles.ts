// What each role may do, in the words the users page shows.
import type { Role } from '$lib/generated/graphql.ts';

export const ROLES: { role: Role; hint: string }[] = [
  { role: 'VIEWER', hint: 'reads issues and projects' },
  { role: 'MEMBER', hint: 'also triages issues and runs repair agents' },
  { role: 'ADMIN', hint: 'also manages projects, keys, notification rules and users' },
];
