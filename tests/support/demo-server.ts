// Test support: the demo newspaper served over real HTTP on loopback, for
// browser tests. One fresh SQLite file per server, deleted on close.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type Masthead } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config/config.js';
import { openDatabase } from '../../src/core/db/database.js';
import { migrateToLatest } from '../../src/core/db/migrate.js';
import { seedDemoNewspaper } from '../../src/demo/seed-demo.js';

export interface DemoServer {
  baseUrl: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

export async function startDemoServer(): Promise<DemoServer> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'masthead-e2e-'));
  const database = openDatabase({ engine: 'sqlite', filename: path.join(directory, 'masthead.db') });
  try {
    await migrateToLatest(database.db);
    await seedDemoNewspaper(database.db, { clock: systemClock });
    // PUBLIC_URL is baked into pages (canonical links, feeds), so the port is
    // chosen before the app is built; another process may take it in between,
    // hence the retry.
    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort();
      const baseUrl = `http://${HOST}:${port}`;
      const config = loadConfig({
        DATA_DIR: directory,
        HOST,
        PORT: String(port),
        PUBLIC_URL: baseUrl,
        LOG_LEVEL: 'silent',
        DEMO_CONTENT: 'off',
      });
      const masthead: Masthead = await buildApp({ config, database });
      try {
        await masthead.app.listen({ host: HOST, port });
      } catch (error) {
        await masthead.app.close();
        if (isAddressInUse(error) && attempt < 5) continue;
        throw error;
      }
      return {
        baseUrl,
        async close() {
          await masthead.close();
          rmSync(directory, { recursive: true, force: true });
        },
      };
    }
  } catch (error) {
    await database.close();
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}
