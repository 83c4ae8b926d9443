// What counts as an email address: one rule for accounts, ADMIN_EMAIL and email notification
// targets. Hosts may be a single label (`admin@localhost`, `ops@intranet`), as on the
// networks self-hosted installations run in; zod's email() wants a dot in the domain.
// Labels are separated by a dot that no label contains, so the pattern cannot backtrack.
import { z } from 'zod';

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const EMAIL = new RegExp(`^[^\\s@,<>"]{1,64}@${LABEL}(?:\\.${LABEL})*$`);

export const isEmailAddress = (s: string) => s.length <= 320 && EMAIL.test(s);

export const emailSchema = z.string().trim().max(320).refine(isEmailAddress, 'must be an email address');
