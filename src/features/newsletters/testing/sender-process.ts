// A newsletter sender alone in a process, for the crash test (and for trying
// a send by hand): it sends until killed. Settings come as JSON in
// MASTHEAD_SENDER_PROCESS: { target, searchPath?, smtpUrl, poolSize, claimMs }.
import { systemClock } from '../../../core/clock.js';
import type { DatabaseTarget } from '../../../core/config/config.js';
import { openDatabase } from '../../../core/db/database.js';
import { createNewsletterKit } from './newsletter-kit.js';

interface SenderProcessSettings {
  target: DatabaseTarget;
  searchPath?: string;
  smtpUrl: string;
  poolSize: number;
  claimMs: number;
}

const settings = JSON.parse(process.env.MASTHEAD_SENDER_PROCESS ?? '{}') as SenderProcessSettings;
const database = openDatabase(settings.target, settings.searchPath ? { searchPath: settings.searchPath } : {});
const kit = createNewsletterKit({
  db: database.db,
  engine: database.engine,
  clock: systemClock,
  smtpUrl: settings.smtpUrl,
  settings: { poolSize: settings.poolSize, claimMs: settings.claimMs, pollMs: 100 },
  onError: (error) => process.stderr.write(`sender: ${String(error)}\n`),
});
kit.sender.start();
process.stdout.write('sending\n');
process.once('SIGTERM', () => {
  void kit.close().then(() => database.close().then(() => process.exit(0)));
});
