// The `masthead` command (package bin; `npm start` runs `serve`).
import { parseArgs } from 'node:util';
import { systemClock } from './core/clock.js';
import { ConfigError, loadConfig, type Config } from './core/config/config.js';
import { openDatabase } from './core/db/database.js';
import { createStaffService, STAFF_ROLES, type AddStaffInput, type AddStaffOutcome } from './features/accounts/staff.service.js';
import { createAccessService } from './features/access/access.service.js';
import { migrateDatabase } from './core/db/migrate.js';
import { loadDemoIntoEmptyDatabase } from './database-setup.js';
import { searchCommand } from './features/search/search.cli.js';
import { SEARCH_INDEX_MIGRATION } from './features/search/search.service.js';

const USAGE = `Usage: masthead <command>

Commands:
  serve       migrate, load the demo newspaper into an empty database (unless DEMO_CONTENT=off) and serve
  migrate     bring the database schema up to date
  seed-demo   load the demo newspaper into an empty database
  staff       add or list staff accounts (masthead staff help)
  apikey      create, list or revoke Admin API keys (masthead apikey help)
  import      bring in a Ghost or WordPress export (masthead import help)
  newsletter  import subscribers from CSV or export a newsletter's list (masthead newsletter help)
  export      write the whole publication as one archive file (masthead export help)
  subscription grant --email <address> --days <N>
              give a reader a subscription for N days (extends one still running)
  search      rebuild the reader search index (masthead search reindex)
  help        show this help

Settings come from the environment; see .env.example.`;

const STAFF_USAGE = `Usage:
  masthead staff add --email <address> --role <${STAFF_ROLES.join('|')}> [--name "First Last"]
      Creates a staff account (--name required), or gives an existing account that role,
      and prints a one-time link (24 hours) where the staff member chooses a password.
  masthead staff list
      Lists staff accounts.`;

class UsageError extends Error {}

const reportWaiting = () => console.error('Another process is migrating the database or loading the demo: waiting for it.');

function parseStaffAdd(args: string[]): AddStaffInput {
  let values: { email?: string; role?: string; name?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const missing = (['email', 'role'] as const).filter((option) => !values[option]);
  if (missing.length) throw new UsageError(`Missing ${missing.map((option) => `--${option}`).join(' and ')}.`);
  return { email: values.email!, role: values.role!, ...(values.name !== undefined && { name: values.name }) };
}

function describeStaffOutcome(outcome: Exclude<AddStaffOutcome, { kind: 'invalid' }>, config: Readonly<Config>): string {
  const { publicUrl } = config;
  const { member } = outcome;
  const who = `${member.firstName} ${member.lastName} <${member.email}>`;
  const lines = {
    created: `Created a new staff account: ${who}, ${member.role}.`,
    promoted: `Promoted the existing reader account ${who} to ${member.role}. Their reader password no longer works and they were signed out everywhere.`,
    'role-changed': `Changed the existing staff account ${who} from ${outcome.previousRole} to ${member.role}.`,
    unchanged: `${who} is already ${member.role}; nothing changed.`,
  }[outcome.kind];
  if (!outcome.signInLink) return `${lines}\nThey keep signing in with their own password at ${publicUrl}/signin.`;
  return [
    lines,
    '',
    `One-time sign-in link (works once, until ${outcome.signInLink.expiresAt.replace('T', ' ').slice(0, 16)} UTC); send it to them privately:`,
    `  ${outcome.signInLink.url}`,
    `There they choose a password (at least ${config.passwords.staffMinLength} characters, not a common one), then sign in at ${publicUrl}/signin.`,
  ].join('\n');
}

async function subscriptionCommand(args: string[], config: Readonly<Config>): Promise<number> {
  const [subcommand, ...rest] = args;
  let values: { email?: string; days?: string };
  try {
    if (subcommand !== 'grant') throw new UsageError(`Unknown subscription command "${subcommand ?? ''}".`);
    ({ values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, days: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
    if (!values.email || !values.days) throw new UsageError('Missing --email or --days.');
    if (!/^\d{1,4}$/.test(values.days)) throw new UsageError('--days must be a whole number.');
  } catch (error) {
    console.error(`${(error as Error).message}\n\nUsage: masthead subscription grant --email <address> --days <N>`);
    return 2;
  }
  const database = openDatabase(config.database);
  try {
    await migrateDatabase(config.database, database.db, { onWait: reportWaiting });
    const access = createAccessService({ db: database.db, clock: systemClock, settings: config.meter });
    const outcome = await access.grantSubscription({ email: values.email, days: Number(values.days) });
    if (outcome.kind === 'unknown-reader') {
      console.error(`No reader account has the address ${values.email}.`);
      return 1;
    }
    if (outcome.kind === 'invalid') {
      console.error(outcome.problem);
      return 2;
    }
    console.log(`${values.email} is a subscriber until ${outcome.endsAt.replace('T', ' ').slice(0, 16)} UTC.`);
    return 0;
  } finally {
    await database.close();
  }
}

async function staffCommand(args: string[], config: Readonly<Config>): Promise<number> {
  const [subcommand = 'help', ...rest] = args;
  let input: AddStaffInput | undefined;
  try {
    if (subcommand === 'help' || subcommand === '--help') {
      console.log(STAFF_USAGE);
      return 0;
    }
    if (subcommand === 'add') input = parseStaffAdd(rest);
    else if (subcommand !== 'list' || rest.length)
      throw new UsageError(subcommand === 'list' ? '"staff list" takes no arguments.' : `Unknown staff command "${subcommand}".`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${STAFF_USAGE}`);
    return 2;
  }
  const database = openDatabase(config.database);
  try {
    await migrateDatabase(config.database, database.db, { onWait: reportWaiting });
    const staff = createStaffService({ db: database.db, clock: systemClock, publicUrl: config.publicUrl });
    if (!input) {
      const members = await staff.listStaffMembers();
      if (!members.length) console.log('No staff accounts yet. Add one with: masthead staff add --email … --role … --name "First Last"');
      else console.log(['ROLE'.padEnd(11), 'EMAIL'.padEnd(36), 'NAME'.padEnd(28), 'PASSWORD'].join(' '));
      for (const member of members) {
        console.log(
          [
            member.role.padEnd(11),
            member.email.padEnd(36),
            `${member.firstName} ${member.lastName}`.padEnd(28),
            member.hasPassword ? 'password set' : 'no password yet',
          ].join(' '),
        );
      }
      return 0;
    }
    const outcome = await staff.addStaffMember(input);
    if (outcome.kind === 'invalid') {
      console.error(`${outcome.problems.join('\n')}\n\n${STAFF_USAGE}`);
      return 2;
    }
    console.log(describeStaffOutcome(outcome, config));
    return 0;
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command = 'help'] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const { startServer } = await import('./server.js');
      await startServer(config);
      return -1; // keep running
    }
    case 'migrate': {
      const database = openDatabase(config.database);
      try {
        const applied = await migrateDatabase(config.database, database.db, { onWait: reportWaiting });
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database already up to date.');
        if (applied.includes(SEARCH_INDEX_MIGRATION)) return await searchCommand(['reindex'], config);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'seed-demo': {
      const database = openDatabase(config.database);
      try {
        const articleCount = await loadDemoIntoEmptyDatabase(config.database, database.db, { clock: systemClock, onWait: reportWaiting });
        if (articleCount === null) {
          console.error('The database already has articles; the demo is only loaded into an empty newspaper.');
          return 1;
        }
        console.log(`Loaded the demo newspaper: ${articleCount} articles.`);
        return await searchCommand(['reindex'], config);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'staff':
      return staffCommand(argv.slice(1), config);
    case 'subscription':
      return subscriptionCommand(argv.slice(1), config);
    case 'search':
      return searchCommand(argv.slice(1), config);
    case 'apikey': {
      const { apiKeyCommand } = await import('./features/admin-api/api-keys.cli.js');
      return apiKeyCommand(argv.slice(1), config);
    }
    case 'import': {
      const { importCommand } = await import('./features/importers/importers.cli.js');
      return importCommand(argv.slice(1), config);
    }
    case 'newsletter': {
      const { newsletterCommand } = await import('./features/newsletters/newsletter.cli.js');
      const { newsletterCommandService } = await import('./features/newsletters/newsletter-command-service.js');
      return newsletterCommand(argv.slice(1), config, systemClock, newsletterCommandService);
    }
    case 'export': {
      const { exportCommand } = await import('./features/importers/archive-export.cli.js');
      return exportCommand(argv.slice(1), config);
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
