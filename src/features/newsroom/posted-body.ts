// Newsroom forms are posted urlencoded or, when they carry a picture (the
// editor's hero upload, the editor script's FormData), as multipart. Either
// way the handler sees one record of fields (so the CSRF check and readForm
// work unchanged) and the files apart. Nothing is stored here: what to do
// with a file is decided after the CSRF check.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The editor form's size (urlencoded; the site's default is 64 KB): a long read's document and its
 * plain text, percent-encoded (three bytes for each byte of non-ASCII text), fit with room to spare.
 * Routes that take it check the role on request (`onRequest`), before a body this size is read.
 */
export const EDITOR_BODY_LIMIT = 8 * 1024 * 1024;

export interface PostedFile {
  data: Buffer;
  name: string;
}

export type PostedBody = { ok: true; files: Map<string, PostedFile> } | { ok: false; status: 400 | 413; message: string };

// Names a form of ours uses (`_csrf` included); anything else is dropped, and `__proto__` and friends above all.
const FIELD_NAME = /^_?[A-Za-z][A-Za-z0-9_]{0,40}$/;

export async function registerMultipartForms(scope: FastifyInstance, options: { maxFileBytes: number }): Promise<void> {
  await scope.register(multipart, {
    limits: { fileSize: options.maxFileBytes, files: 2, fields: 60, fieldSize: EDITOR_BODY_LIMIT, parts: 64, headerPairs: 100 },
  });
}

/** Reads a multipart body into `request.body` (fields) and the files; an urlencoded body is already read. */
export async function readPostedBody(request: FastifyRequest, maxFileBytes: number): Promise<PostedBody> {
  const files = new Map<string, PostedFile>();
  if (!request.isMultipart()) return { ok: true, files };
  const fields: Record<string, string | string[]> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        // Read to the end either way: the parser waits for each file to be consumed.
        const data = await part.toBuffer();
        // A file field left empty still arrives, nameless and empty: that is no file.
        if (FIELD_NAME.test(part.fieldname) && !files.has(part.fieldname) && (data.length > 0 || part.filename))
          files.set(part.fieldname, { data, name: part.filename || 'image' });
      } else if (FIELD_NAME.test(part.fieldname) && typeof part.value === 'string') {
        const seen = fields[part.fieldname];
        fields[part.fieldname] = seen === undefined ? part.value : [...(Array.isArray(seen) ? seen : [seen]), part.value];
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      return { ok: false, status: 413, message: `The picture is larger than ${Math.round(maxFileBytes / 1024 / 1024)} MB.` };
    // A body cut short or not multipart inside is the client's doing: never a 500.
    return { ok: false, status: 400, message: 'The form could not be read. Reload the page and try again.' };
  }
  request.body = fields;
  return { ok: true, files };
}
