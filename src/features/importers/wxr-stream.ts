// WordPress's export (WXR: RSS 2.0 with `wp:` elements), read as a stream with
// saxes: the file is never held whole, whatever its size. This file knows the
// XML; wordpress-export.ts knows what the elements mean.
import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';
import { UnreadableExportError } from './import-source.types.js';

export interface WxrCategory {
  domain: string;
  nicename: string;
  name: string;
}

export interface WxrItem {
  /** The first value of each direct child (`title`, `wp:post_id`, `content:encoded`…). */
  fields: Map<string, string>;
  categories: WxrCategory[];
  meta: Map<string, string>;
  comments: Map<string, string>[];
  /** The XML of this item was broken (saxes' message): the item is reported, never imported. */
  malformed: string | null;
}

export type WxrEvent =
  { kind: 'site'; name: string; value: string } | { kind: 'author'; fields: Map<string, string> } | { kind: 'item'; item: WxrItem };

/** Past this many XML errors the file is not worth reading on. */
const MAX_XML_ERRORS = 100;
const SITE_FIELDS = new Set(['link', 'wp:base_site_url', 'wp:base_blog_url', 'title']);

export async function* streamWxr(file: string): AsyncGenerator<WxrEvent> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const queue: WxrEvent[] = [];
  const stack: string[] = [];
  let buffer = '';
  let item: WxrItem | null = null;
  let comment: Map<string, string> | null = null;
  let meta: Map<string, string> | null = null;
  let author: Map<string, string> | null = null;
  let category: Omit<WxrCategory, 'name'> | null = null;
  let sawChannel = false;
  let errors = 0;
  let isClosing = false;
  let firstError = '';

  parser.on('error', (error) => {
    errors += 1;
    firstError ||= error.message;
    if (item) item.malformed ??= error.message.slice(0, 200);
  });
  parser.on('opentag', (tag) => {
    const name = tag.name;
    const parent = stack.at(-1);
    stack.push(name);
    buffer = '';
    if (name === 'channel') sawChannel = true;
    else if (name === 'item' && (parent === 'channel' || item)) {
      // An item opened inside another: the one before never closed (broken XML). It is reported, and reading goes on.
      if (item) queue.push({ kind: 'item', item: { ...item, malformed: item.malformed ?? 'The item never closes.' } });
      stack.splice(0, stack.length, 'rss', 'channel', 'item');
      item = { fields: new Map(), categories: [], meta: new Map(), comments: [], malformed: null };
      comment = meta = null;
      category = null;
    } else if (item && name === 'wp:comment') comment = new Map();
    else if (item && name === 'wp:postmeta') meta = new Map();
    else if (!item && name === 'wp:author' && parent === 'channel') author = new Map();
    else if (item && name === 'category' && parent === 'item') {
      const attributes = tag.attributes as Record<string, string>;
      category = { domain: attributes.domain ?? '', nicename: attributes.nicename ?? '' };
    }
  });
  const append = (value: string) => {
    buffer += value;
  };
  parser.on('text', append);
  parser.on('cdata', append);
  parser.on('closetag', (tag) => {
    const name = tag.name;
    stack.pop();
    const parent = stack.at(-1);
    const value = buffer;
    buffer = '';
    if (item) {
      if (name === 'item') {
        // Closed by the end of the file, not by `</item>`: cut off.
        if (isClosing) item.malformed = `${item.malformed ?? 'The item never closes.'} (the rest of the file could not be read)`;
        queue.push({ kind: 'item', item });
        item = null;
      } else if (name === 'wp:comment' && comment) {
        item.comments.push(comment);
        comment = null;
      } else if (comment) {
        if (!comment.has(name)) comment.set(name, value);
      } else if (name === 'wp:postmeta' && meta) {
        const key = meta.get('wp:meta_key');
        if (key && !item.meta.has(key)) item.meta.set(key, meta.get('wp:meta_value') ?? '');
        meta = null;
      } else if (meta) meta.set(name, value);
      else if (name === 'category' && category) {
        item.categories.push({ ...category, name: value.trim() });
        category = null;
      } else if (parent === 'item' && !item.fields.has(name)) item.fields.set(name, value);
    } else if (author) {
      if (name === 'wp:author') {
        queue.push({ kind: 'author', fields: author });
        author = null;
      } else author.set(name, value);
    } else if (parent === 'channel' && SITE_FIELDS.has(name)) queue.push({ kind: 'site', name, value: value.trim() });
  });

  const drain = function* () {
    while (queue.length) yield queue.shift()!;
  };
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream) {
      parser.write(chunk as string);
      if (errors > MAX_XML_ERRORS) throw new UnreadableExportError(`The file is not well-formed XML: ${firstError}`);
      yield* drain();
    }
    // Cut off inside an item (an unterminated CDATA swallows the rest of the file): closing reports that item.
    isClosing = true;
    parser.close();
  } catch (error) {
    if (error instanceof UnreadableExportError) throw error;
    throw new UnreadableExportError(`The file could not be read as XML: ${(error as Error).message}`);
  } finally {
    stream.destroy();
  }
  yield* drain();
  if (!sawChannel) throw new UnreadableExportError('This is not a WordPress export: it has no rss/channel.');
}
