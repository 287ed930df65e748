// The `masthead` command (package bin; `npm start` runs `serve`).
import { systemClock } from './core/clock.js';
import { ConfigError, loadConfig } from './core/config/config.js';
import { openDatabase } from './core/db/database.js';
import { migrateToLatest } from './core/db/migrate.js';
import { countArticles } from './features/articles/articles.repository.js';

const USAGE = `Usage: masthead <command>

Commands:
  serve       migrate, load the demo newspaper into an empty database (unless DEMO_CONTENT=off) and serve
  migrate     bring the database schema up to date
  seed-demo   load the demo newspaper into an empty database
  help        show this help

Settings come from the environment; see .env.example.`;

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
        const result = await migrateToLatest(database.db);
        const applied = result.results?.filter((migration) => migration.status === 'Success').map((migration) => migration.migrationName) ?? [];
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database already up to date.');
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'seed-demo': {
      const database = openDatabase(config.database);
      try {
        await migrateToLatest(database.db);
        if ((await countArticles(database.db)) > 0) {
          console.error('The database already has articles; the demo is only loaded into an empty newspaper.');
          return 1;
        }
        const { seedDemoNewspaper } = await import('./demo/seed-demo.js');
        const { articleCount } = await seedDemoNewspaper(database.db, { clock: systemClock });
        console.log(`Loaded the demo newspaper: ${articleCount} articles.`);
      } finally {
        await database.close();
      }
      return 0;
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
