import type { FastifyInstance } from 'fastify';
import { sendCachedResponse } from '../../core/http/cached-response.js';
import { isImageFormat, isImageWidth, type MediaService } from './media.service.js';

const PUBLIC_ID = /^[a-z0-9-]{1,64}$/;
// No leading zero: one URL per rendition (`0480.webp` is not another name for `480.webp`).
const FILE = /^([1-9]\d{1,3})\.([a-z]{3,4})$/;

export function registerMediaRoutes(app: FastifyInstance, media: MediaService): void {
  app.get<{ Params: { publicId: string; file: string } }>('/media/:publicId/:file', async (request, reply) => {
    const { publicId, file } = request.params;
    const match = FILE.exec(file);
    const width = match ? Number(match[1]) : 0;
    const format = match?.[2] ?? '';
    if (!PUBLIC_ID.test(publicId) || !isImageWidth(width) || !isImageFormat(format)) return reply.callNotFound();
    const response = await media.rendition(publicId, width, format);
    if (!response) return reply.callNotFound();
    return sendCachedResponse(request, reply, response);
  });
}
