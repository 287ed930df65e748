// The Admin API's error answers: `{ "errors": [{ "field"?, "message" }] }`, never cached.
import type { FastifyReply } from 'fastify';

export interface ApiProblem {
  field?: string;
  message: string;
}

const MESSAGES: Record<number, string> = {
  400: 'The request could not be read (malformed JSON?).',
  401: 'Send a valid Admin API key: Authorization: Bearer <key>.',
  403: "This key's role may not do that.",
  404: 'There is nothing at this address.',
  405: 'That method is not available at this address.',
  409: 'Someone else changed this since you read it.',
  413: 'The request body is too large.',
  415: 'Send JSON (Content-Type: application/json), or multipart/form-data where a route takes an upload.',
  429: 'Too many requests; wait a moment.',
  500: 'Something went wrong on our side.',
};

export function sendErrors(reply: FastifyReply, status: number, errors: ApiProblem[] = [{ message: MESSAGES[status] ?? MESSAGES[400]! }]) {
  return reply.code(status).header('cache-control', 'no-store').send({ errors });
}

/** 422 with the problems a service found. */
export function sendProblems(reply: FastifyReply, problems: ApiProblem[]) {
  return sendErrors(reply, 422, problems);
}
