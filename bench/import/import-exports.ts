// Synthetic exports for the import benchmark: N posts in Ghost's JSON shape
// and in WordPress's WXR, from a seeded generator and an original word list
// (never a real site's text). Written to disk a post at a time.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const WORDS =
  'harbour ferry council budget bridge tide quay lifeboat market school library river valley storm repair vote street festival ' +
  'museum orchard station bus cycle lane garden theatre choir match league pier lighthouse dune fishing boat crew survey plan';
const VOCABULARY = WORDS.split(' ');
const SECTIONS = ['Town', 'Coast', 'Sport', 'Culture', 'Business', 'Weather'];
const TAGS = ['Budget', 'Ferries', 'Schools', 'Transport', 'Housing', 'Tides', 'Music', 'Football'];
const AUTHORS = ['Ada Penrose', 'Tomas Reyes', 'Jo Marsh', 'Pat Bell', 'Rhea Stone'];
const VISIBILITIES = ['public', 'public', 'public', 'members', 'paid'];

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function paragraphs(random: () => number, count: number): string {
  const out: string[] = [];
  for (let p = 0; p < count; p += 1) {
    const words = Array.from({ length: 40 + Math.floor(random() * 40) }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]);
    out.push(`<p>${words.join(' ')}.</p>`);
  }
  return out.join('');
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const dateOf = (index: number) => new Date(Date.UTC(2015, 0, 1) + index * 3_600_000 * 7).toISOString();

async function write(stream: ReturnType<typeof createWriteStream>, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function writeGhostExport(file: string, posts: number): Promise<void> {
  const random = seededRandom(17);
  const stream = createWriteStream(file, { encoding: 'utf8' });
  const tagRows = [...SECTIONS, ...TAGS].map((name, index) => ({ id: `t${index}`, name, slug: name.toLowerCase(), visibility: 'public' }));
  await write(stream, '{"db":[{"meta":{"version":"5.96.0"},"data":{"posts":[');
  const postsTags: string[] = [];
  const postsAuthors: string[] = [];
  for (let index = 0; index < posts; index += 1) {
    const id = `bench${String(index).padStart(19, '0')}`;
    const post = {
      id,
      title: `Story ${index}: the ${pick(random, VOCABULARY)} and the ${pick(random, VOCABULARY)}`,
      slug: `story-${index}`,
      html: paragraphs(random, 6),
      type: 'post',
      status: index % 50 === 0 ? 'draft' : 'published',
      visibility: pick(random, VISIBILITIES),
      custom_excerpt: `A ${pick(random, VOCABULARY)} story.`,
      published_at: dateOf(index),
    };
    await write(stream, `${index ? ',' : ''}${JSON.stringify(post)}`);
    postsTags.push(JSON.stringify({ post_id: id, tag_id: `t${Math.floor(random() * SECTIONS.length)}`, sort_order: 0 }));
    postsTags.push(JSON.stringify({ post_id: id, tag_id: `t${SECTIONS.length + Math.floor(random() * TAGS.length)}`, sort_order: 1 }));
    postsAuthors.push(JSON.stringify({ post_id: id, author_id: String(1 + Math.floor(random() * AUTHORS.length)), sort_order: 0 }));
  }
  const users = AUTHORS.map((name, index) => ({ id: String(index + 1), name, slug: name.toLowerCase().replace(' ', '-'), bio: '' }));
  await write(stream, `],"users":${JSON.stringify(users)},"tags":${JSON.stringify(tagRows)},"posts_tags":[${postsTags.join(',')}],`);
  await write(stream, `"posts_authors":[${postsAuthors.join(',')}]}}]}`);
  stream.end();
  await once(stream, 'finish');
}

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

export async function writeWordPressExport(file: string, posts: number): Promise<void> {
  const random = seededRandom(29);
  const stream = createWriteStream(file, { encoding: 'utf8' });
  await write(
    stream,
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" ' +
      'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
      'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Bench Gazette</title><link>https://bench-gazette.example</link>\n' +
      '<wp:base_site_url>https://bench-gazette.example</wp:base_site_url>\n',
  );
  for (const [index, name] of AUTHORS.entries())
    await write(
      stream,
      `<wp:author><wp:author_login>${cdata(`author${index}`)}</wp:author_login><wp:author_display_name>${cdata(name)}</wp:author_display_name></wp:author>\n`,
    );
  for (let index = 0; index < posts; index += 1) {
    const date = dateOf(index);
    const local = `${date.slice(0, 10)} ${date.slice(11, 19)}`;
    const section = pick(random, SECTIONS);
    const tag = pick(random, TAGS);
    await write(
      stream,
      `<item><title>${cdata(`Report ${index}: ${pick(random, VOCABULARY)} news`)}</title>` +
        `<link>https://bench-gazette.example/${date.slice(0, 4)}/${date.slice(5, 7)}/report-${index}/</link>` +
        `<dc:creator>${cdata(`author${Math.floor(random() * AUTHORS.length)}`)}</dc:creator>` +
        `<content:encoded>${cdata(paragraphs(random, 6))}</content:encoded><excerpt:encoded>${cdata('')}</excerpt:encoded>` +
        `<wp:post_id>${index + 1}</wp:post_id><wp:post_date>${cdata(local)}</wp:post_date><wp:post_date_gmt>${cdata(local)}</wp:post_date_gmt>` +
        `<wp:post_name>${cdata(`report-${index}`)}</wp:post_name><wp:status>${cdata(index % 50 === 0 ? 'draft' : 'publish')}</wp:status>` +
        `<wp:post_type>${cdata('post')}</wp:post_type>` +
        `<category domain="category" nicename="${section.toLowerCase()}">${cdata(section)}</category>` +
        `<category domain="post_tag" nicename="${tag.toLowerCase()}">${cdata(tag)}</category></item>\n`,
    );
  }
  await write(stream, '</channel>\n</rss>\n');
  stream.end();
  await once(stream, 'finish');
}
