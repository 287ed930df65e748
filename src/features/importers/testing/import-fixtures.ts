// Test support: the synthetic exports beside this file (written for these
// tests, never copied from a real site), copied into a folder with the
// pictures they name, generated here so no binary file lives in the repo.
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const GHOST_FIXTURE = path.join(here, 'ghost-export.fixture.json');
export const WORDPRESS_FIXTURE = path.join(here, 'wordpress-export.fixture.xml');

async function writePng(file: string, colour: { r: number; g: number; b: number }): Promise<void> {
  const { default: sharp } = await import('sharp');
  mkdirSync(path.dirname(file), { recursive: true });
  await sharp({ create: { width: 32, height: 24, channels: 3, background: colour } })
    .png()
    .toFile(file);
}

/** A folder holding both exports and, laid out as each tool does, the pictures they name. */
export async function prepareImportFolder(): Promise<{ folder: string; ghost: string; wordpress: string }> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'masthead-import-'));
  const ghost = path.join(folder, 'ghost-export.json');
  const wordpress = path.join(folder, 'wordpress-export.xml');
  copyFileSync(GHOST_FIXTURE, ghost);
  copyFileSync(WORDPRESS_FIXTURE, wordpress);
  await writePng(path.join(folder, 'content/images/2024/03/quay.png'), { r: 20, g: 80, b: 140 });
  await writePng(path.join(folder, 'content/images/2024/03/timetable.png'), { r: 200, g: 200, b: 180 });
  await writePng(path.join(folder, 'wp-content/uploads/2019/04/hall.png'), { r: 150, g: 60, b: 40 });
  await writePng(path.join(folder, 'wp-content/uploads/2019/04/chart.png'), { r: 40, g: 160, b: 60 });
  return { folder, ghost, wordpress };
}
