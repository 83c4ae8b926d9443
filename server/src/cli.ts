// The `logcenter` command line.
import { loadConfig, ConfigError } from './config.ts';
import { createLogger } from './log.ts';
import { openDatabase } from './db/client.ts';
import { main as start } from './main.ts';

const USAGE = `usage: logcenter <command>

commands:
  start     run the server (PORT, default 8002); applies pending migrations first
  migrate   apply pending database migrations and exit
  agent     an example repair agent (logcenter agent --help)
  run --project ID [--env E] -- CMD ARGS…
            run CMD and report it if it crashes (panic, uncaught exception, non-zero exit)
  k8s-monitor [--once]
            report crash-looping, OOM-killed and failing pods (logcenter k8s-monitor --help)
  report-ci <project_id> <step_name> <message_or_log_file>
            report a failed CI/CD step (as scripts/report-cicd-error.sh)
  ci-log --project ID [--pipeline NAME] [--build N] [--step TAG] -- CMD ARGS…
            run a CI step, streaming its log to Log Center; a failure is reported
  mcp       Log Center's MCP tools over stdio, for AI coding agents (logcenter mcp --help)
  release new|finalize|set-commits|deploy|list|info …
            releases, their commits and deploys (logcenter release --help)

configuration (environment):
  PORT, HOST            where to listen (8002, 0.0.0.0)
  DATABASE_URL          PostgreSQL; without it an embedded database lives in DATA_DIR (./data)
  LOG_LEVEL             fatal|error|warn|info|debug|trace|silent (info)
`;

async function migrate() {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    const applied = await db.migrate();
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await db.close();
  }
  // The schema engine leaves a timer behind; nothing else is pending.
  process.exit(0);
}

async function run(command: string | undefined) {
  switch (command) {
    case 'start':
      return start();
    case 'migrate':
      return migrate();
    case 'run': {
      const { runSupervised } = await import('../../tools/supervisor/run.ts');
      return process.exit(await runSupervised(process.argv.slice(3)));
    }
    case 'k8s-monitor': {
      const { runMonitor } = await import('../../tools/k8s/monitor.ts');
      return process.exit(await runMonitor(process.argv.slice(3)));
    }
    case 'report-ci': {
      const { runReportCi } = await import('../../tools/report-ci.ts');
      return process.exit(await runReportCi(process.argv.slice(3)));
    }
    case 'ci-log': {
      const { runCiLog, CI_LOG_USAGE } = await import('../../tools/ci-log.ts');
      if (process.argv[3] === '--help') return void process.stdout.write(CI_LOG_USAGE);
      return process.exit(await runCiLog(process.argv.slice(3)));
    }
    case 'mcp': {
      const { runMcpStdio, MCP_USAGE } = await import('../../tools/mcp-stdio.ts');
      if (process.argv.includes('--help')) return void process.stdout.write(MCP_USAGE);
      return process.exit(await runMcpStdio());
    }
    case 'release': {
      const { runRelease, RELEASE_USAGE } = await import('../../tools/release.ts');
      if (process.argv[3] === undefined || process.argv.includes('--help'))
        return void process.stdout.write(RELEASE_USAGE);
      return process.exit(await runRelease(process.argv.slice(3)));
    }
    case 'agent': {
      const { runAgent, AGENT_USAGE } = await import('../../agents/repair-agent.ts');
      if (process.argv.includes('--help')) return void process.stdout.write(AGENT_USAGE);
      return process.exit(await runAgent(process.argv.slice(3)));
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      process.stderr.write(`logcenter: unknown command "${command}"\n\n${USAGE}`);
      process.exit(2);
  }
}

run(process.argv[2]).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`logcenter: ${err.message}\n`);
  } else {
    createLogger('error').fatal({ err, event: 'cli.failed' }, String((err as Error)?.message ?? err));
  }
  process.exit(1);
});
