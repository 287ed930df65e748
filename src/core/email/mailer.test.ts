import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOutboxMailer } from './mailer.js';

describe('the outbox folder mailer', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'masthead-outbox-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes each message readable by its owner only (they hold sign-in and reset links)', async () => {
    const directory = path.join(root, 'outbox');
    const mailer = createOutboxMailer({ directory, from: 'Paper <paper@example.test>' });
    await mailer.send({
      to: 'reader@example.test',
      subject: 'Reset your password',
      text: 'https://news.example/reset/secret-token',
      html: '<p>https://news.example/reset/secret-token</p>',
    });
    mailer.close();
    const [file] = readdirSync(directory);
    expect(file).toMatch(/\.eml$/);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(directory, file!)).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(directory, file!), 'utf8')).toContain('secret-token');
  });
});
