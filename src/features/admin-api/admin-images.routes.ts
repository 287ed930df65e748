// POST /api/admin/images: a multipart upload — the picture in a field named
// `file`, with `alt` (required), `caption` and `credit` as fields in any order.
// The media service checks and cleans the picture (no location data is kept);
// the answer's `url` placed in an article's HTML as <img src> places the image.
import multipart, { type Multipart } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { sendErrors, sendProblems } from './admin-api-replies.js';
import type { ImportImageOutcome, MediaService } from '../media/media.service.js';
import { imagePath } from '../media/media.types.js';

export interface ImageEndpointDependencies {
  media: MediaService;
  publicUrl: string;
  maxUploadBytes: number;
}

const TEXT_FIELDS = new Set(['alt', 'caption', 'credit']);

type Problem = { field: string; message: string };

/** What the upload carried, or why it cannot be read as one picture with its words. */
async function readUpload(
  parts: AsyncIterable<Multipart>,
): Promise<{ file?: { data: Buffer; name: string }; text: Record<string, string>; problems: Problem[] }> {
  const text: Record<string, string> = {};
  const problems: Problem[] = [];
  let file: { data: Buffer; name: string } | undefined;
  for await (const part of parts) {
    if (part.type === 'file') {
      // Read to the end either way: busboy waits for each file to be consumed.
      const data = await part.toBuffer();
      if (part.fieldname !== 'file') problems.push({ field: part.fieldname, message: 'Send the picture in the field named "file".' });
      else file = { data, name: part.filename || 'image' };
    } else if (TEXT_FIELDS.has(part.fieldname) && typeof part.value === 'string') {
      // As for JSON bodies (admin-api.routes.ts): PostgreSQL text cannot hold a NUL.
      if (part.value.includes('\u0000'))
        problems.push({ field: part.fieldname, message: 'Text cannot contain the NUL character (U+0000).' });
      else text[part.fieldname] = part.value;
    }
  }
  if (!file && !problems.length) problems.push({ field: 'file', message: 'Attach the picture in a field named "file".' });
  return { ...(file ? { file } : {}), text, problems };
}

export async function registerImageEndpoints(api: FastifyInstance, deps: ImageEndpointDependencies): Promise<void> {
  await api.register(multipart, {
    limits: { fileSize: deps.maxUploadBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12, headerPairs: 50 },
  });

  api.post(
    '/images',
    { config: { apiRole: 'contributor', apiBody: 'multipart' }, schema: { tags: ['images'], consumes: ['multipart/form-data'] } },
    async (request, reply) => {
      let upload;
      try {
        upload = await readUpload(request.parts());
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          return sendProblems(reply, [
            { field: 'file', message: `The file is larger than ${Math.round(deps.maxUploadBytes / 1024 / 1024)} MB.` },
          ]);
        // Reading only parses what the client sent: a body cut short or not multipart inside is its fault, never a 500.
        const status = (error as { statusCode?: number }).statusCode;
        return sendErrors(reply, status && status >= 400 && status < 500 ? status : 400, [
          { message: 'The upload could not be read: send multipart/form-data with the picture in a field named "file".' },
        ]);
      }
      if (upload.problems.length || !upload.file) return sendProblems(reply, upload.problems);
      const outcome: ImportImageOutcome = await deps.media.importImage(upload.file, {
        alt: upload.text.alt ?? '',
        caption: upload.text.caption ?? '',
        credit: upload.text.credit ?? '',
      });
      if (outcome.kind === 'invalid') return sendProblems(reply, outcome.problems);
      const { image } = outcome;
      return reply.code(201).send({
        id: image.publicId,
        url: deps.publicUrl + imagePath(image.publicId, 1600, 'jpg'),
        width: image.width,
        height: image.height,
        alt: image.alt,
        caption: image.caption,
        credit: image.credit,
      });
    },
  );
}
