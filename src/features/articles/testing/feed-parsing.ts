// Feeds as a feed reader sees them: checked well-formed first (feedparser
// itself is lenient), then parsed by a real RSS/Atom parser.
import { Readable } from 'node:stream';
import FeedParser from 'feedparser';
import { XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

export interface ParsedFeed {
  meta: FeedParser.Meta;
  items: FeedParser.Item[];
}

export function parseFeed(xml: string): Promise<ParsedFeed> {
  expect(XMLValidator.validate(xml)).toBe(true);
  return new Promise((resolve, reject) => {
    const parser = new FeedParser({});
    const items: FeedParser.Item[] = [];
    parser.on('error', reject);
    parser.on('readable', function (this: { read(): FeedParser.Item | null }) {
      let item;
      while ((item = this.read())) items.push(item);
    });
    parser.on('end', () => resolve({ meta: parser.meta, items }));
    Readable.from([xml]).pipe(parser);
  });
}
