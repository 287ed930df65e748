// Finding an export's pictures: in a local folder (given with --images, or
// the export's own folder), matched by the URL's path (`content/images/…`,
// `wp-content/uploads/…`) or its file name; or, with --fetch-images, by
// downloading the URL. Whatever is found goes through the media library's
// upload path (checked, re-encoded without metadata, renditions queued).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export interface ImageLocatorOptions {
  /** Absolute folder to look in, or null for none. */
  folder: string | null;
  fetchRemote: boolean;
  maxBytes: number;
  /** Injected so tests never touch the network. */
  fetch?: typeof fetch;
}

export type LocatedImage = { kind: 'found'; data: Buffer; name: string } | { kind: 'missing'; reason: string };

const KNOWN_PREFIXES = ['/content/images/', '/wp-content/uploads/'];

/** The URL's path, decoded, without Ghost's placeholder host: `/content/images/2024/01/a.jpg`. */
function pathnameOf(src: string): string | null {
  const withoutPlaceholder = src.replace(/^__GHOST_URL__/, '');
  try {
    return decodeURIComponent(new URL(withoutPlaceholder, 'http://placeholder.invalid').pathname);
  } catch {
    return null;
  }
}

/** Candidate files under `folder`, never outside it (a `..` in an export cannot reach elsewhere). */
export function candidateFiles(folder: string, src: string): string[] {
  const pathname = pathnameOf(src);
  if (!pathname) return [];
  const root = path.resolve(folder);
  const relative = [pathname, ...KNOWN_PREFIXES.filter((prefix) => pathname.startsWith(prefix)).map((p) => pathname.slice(p.length))];
  relative.push(path.posix.basename(pathname));
  return [...new Set(relative.map((candidate) => path.resolve(root, `.${path.posix.normalize(`/${candidate}`)}`)))].filter((file) =>
    file.startsWith(root + path.sep),
  );
}

export function createImageLocator(options: ImageLocatorOptions) {
  const doFetch = options.fetch ?? fetch;

  async function fromFolder(src: string): Promise<LocatedImage | null> {
    if (!options.folder) return null;
    for (const file of candidateFiles(options.folder, src)) {
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) continue;
      if (info.size > options.maxBytes) return { kind: 'missing', reason: `${path.basename(file)} is larger than the upload limit.` };
      return { kind: 'found', data: await readFile(file), name: path.basename(file) };
    }
    return null;
  }

  async function fromUrl(src: string): Promise<LocatedImage | null> {
    if (!options.fetchRemote || !/^https?:\/\//i.test(src)) return null;
    try {
      const response = await doFetch(src, { signal: AbortSignal.timeout(15_000), redirect: 'follow' });
      if (!response.ok) return { kind: 'missing', reason: `${src} answered ${response.status}.` };
      const declared = Number(response.headers.get('content-length') ?? 0);
      if (declared > options.maxBytes) return { kind: 'missing', reason: `${src} is larger than the upload limit.` };
      const data = Buffer.from(await response.arrayBuffer());
      if (data.length > options.maxBytes) return { kind: 'missing', reason: `${src} is larger than the upload limit.` };
      return { kind: 'found', data, name: path.posix.basename(pathnameOf(src) ?? 'image') };
    } catch (error) {
      return { kind: 'missing', reason: `${src} could not be downloaded (${(error as Error).message}).` };
    }
  }

  async function locate(src: string): Promise<LocatedImage> {
    return (
      (await fromFolder(src)) ??
      (await fromUrl(src)) ?? {
        kind: 'missing',
        reason: `${src.slice(0, 200)} is not in ${options.folder ?? 'any folder'}${options.fetchRemote ? ' and could not be downloaded' : ' (give --images <folder>, or --fetch-images)'}.`,
      }
    );
  }

  return { locate };
}

export type ImageLocator = ReturnType<typeof createImageLocator>;
