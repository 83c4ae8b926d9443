// An issue as an AI coding agent reads it (MCP `get_issue` and the issue resource, the
// dashboard's "Copy for an AI agent"): what it is, where, how often, its latest occurrences
// with their context, its history and claim, and where the code is.
import type { Issue, Occurrence, PrismaClient, Project, StatusTransition } from '../generated/prisma/client.ts';

export type IssueForAgent = Issue & {
  project: Project;
  occurrences: Occurrence[];
  transitions: StatusTransition[];
};

/** Frames of libraries and runtimes (Node, Python, Java), which the app's own are told apart from. */
const LIBRARY =
  /node_modules|site-packages|dist-packages|\(node:|\bat node:|internal\/|<frozen |\/usr\/lib\/|\bat (?:java|javax|jdk|sun)\./;
/** A line that names a place in code: `file:12` or `line 12`. */
const FRAME = /:\d|line \d/;

/** The trace's lines, each marked when it is a frame of the app's own code. */
export function markedTrace(lines: string[]): { text: string; inApp: boolean }[] {
  return lines.map((text) => ({ text, inApp: FRAME.test(text) && !LIBRARY.test(text) }));
}

const iso = (d: Date | null) => d?.toISOString() ?? '—';
const fence = (text: string) => {
  // A fence longer than any run of backticks inside, so a report cannot close it.
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}\n${text}\n${ticks}`;
};

export function issueMarkdown(issue: IssueForAgent): string {
  const latest = issue.occurrences[0];
  const lines = [
    `# Issue ${issue.id}: ${issue.errorType}`,
    '',
    issue.message,
    '',
    `- Status: ${issue.status}${issue.claimedBy ? ` (claimed by ${issue.claimedBy} until ${iso(issue.claimExpiresAt)})` : ''}`,
    `- Level: ${issue.level}; source: ${issue.source}; project: ${issue.project.id}`,
    `- Where: ${issue.filePath ?? '—'}${issue.lineNumber !== null ? `:${issue.lineNumber}` : ''}`,
    `- Occurrences: ${issue.occurrenceCount}; regressions: ${issue.regressionCount}`,
    `- First seen: ${iso(issue.firstSeen)}${issue.firstRelease ? ` in ${issue.firstRelease}` : ''}; last seen: ${iso(issue.lastSeen)}${issue.lastRelease ? ` in ${issue.lastRelease}` : ''}`,
    `- Environments: ${issue.environments.join(', ') || '—'}`,
    `- Repository: ${issue.project.repoUrl ?? '—'}; local path: ${issue.project.localPath ?? '—'}`,
  ];
  if (latest?.stackTrace.length) {
    const trace = markedTrace(latest.stackTrace).map((l) => `${l.inApp ? '▶ ' : '  '}${l.text}`);
    lines.push('', '## Stack trace (latest occurrence; ▶ marks the app’s own frames)', '', fence(trace.join('\n')));
  }
  if (issue.occurrences.length) {
    lines.push('', '## Latest occurrences');
    for (const o of issue.occurrences) {
      lines.push(
        '',
        `### ${iso(o.timestamp)} · ${o.environment}${o.version ? ` · ${o.version}` : ''}${o.commitHash ? ` · ${o.commitHash}` : ''}`,
      );
      if (o.context) lines.push('', fence(JSON.stringify(o.context, null, 2)));
    }
  }
  if (issue.transitions.length) {
    lines.push('', '## Status history');
    for (const t of issue.transitions)
      lines.push(`- ${iso(t.createdAt)} ${t.fromStatus} → ${t.toStatus} by ${t.actor}${t.note ? `: ${t.note}` : ''}`);
  }
  return lines.join('\n');
}

/** The issue with what issueMarkdown tells of it, or null when there is none. */
export function issueForAgent(prisma: PrismaClient, id: number): Promise<IssueForAgent | null> {
  return prisma.issue.findUnique({
    where: { id },
    include: {
      project: true,
      occurrences: { orderBy: [{ timestamp: 'desc' }, { id: 'desc' }], take: 3 },
      transitions: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    },
  });
}
