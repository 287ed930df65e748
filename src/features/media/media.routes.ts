import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendCachedResponse } from '../../core/http/cached-response.js';
import type { ZodTypeProvider } from '../../core/http/route-input.js';
import { isImageFormat, isImageWidth, type MediaService } from './media.service.js';

const PUBLIC_ID = /^[a-z0-9-]{1,64}$/;
// No leading zero: one URL per rendition (`0480.webp` is not another name for `480.webp`).
const FILE = /^([1-9]\d{1,3})\.([a-z]{3,4})$/;

/** `/media/<image>/<width>.<format>`: anything but a rendition we make names no image (404). */
const renditionParams = z.object({
  publicId: z.string().regex(PUBLIC_ID),
  file: z.string().transform((file, context) => {
    const match = FILE.exec(file);
    const width = match ? Number(match[1]) : 0;
    const format = match?.[2] ?? '';
    if (!isImageWidth(width) || !isImageFormat(format)) {
      context.addIssue({ code: 'custom', message: 'not a rendition we make' });
      return z.NEVER;
    }
    return { width, format };
  }),
});

export function registerMediaRoutes(app: FastifyInstance, media: MediaService): void {
  app.withTypeProvider<ZodTypeProvider>().get('/media/:publicId/:file', { schema: { params: renditionParams } }, async (request, reply) => {
    const { publicId, file } = request.params;
    const response = await media.rendition(publicId, file.width, file.format);
    if (!response) return reply.callNotFound();
    return sendCachedResponse(request, reply, response);
  });
}
