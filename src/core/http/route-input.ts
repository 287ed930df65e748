// The one way a route reads its input.
//
// Path parameters and query strings: a zod schema on the route
// (`schema: { params, querystring }`), checked by Fastify through
// fastify-type-provider-zod, so a handler receives typed values and never sees
// a malformed one. A params schema that fails is a 404 (the address names no
// page); a query schema that fails is a 400 (core/http/error-handler.ts).
//
// HTML form bodies are different: a form that fails must be shown again with
// its field errors and status 422, after the CSRF check, rather than answered
// with Fastify's 400. So forms carry no body schema on the route; the handler
// checks CSRF, then calls `readForm(request, schema)`, which answers typed
// values or the first message per field. The schemas' messages are the ones
// readers see.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { formBody } from './request-values.js';

export type { ZodTypeProvider } from 'fastify-type-provider-zod';

/** Lets routes declare zod schemas for params and query (and, for JSON routes, bodies and responses). */
export function registerRouteInput(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The rule is kept by the app itself, not by review: a route that names path
  // parameters without a params schema fails when it is registered, so the
  // first test or start that builds it says which one.
  app.addHook('onRoute', (route) => {
    if (route.url.includes('/:') && route.schema?.params === undefined) {
      throw new Error(`${String(route.method)} ${route.url} names path parameters but has no params schema (core/http/route-input.ts)`);
    }
  });
}

/** The largest id a database column holds (PostgreSQL `integer`). */
export const MAX_ID = 2_147_483_647;
const ID_PATTERN = /^[1-9][0-9]{0,9}$/;
/** Listing pages past this are not pages anyone reaches by following links. */
export const MAX_PAGE = 10_000;
const PAGE_PATTERN = /^[1-9][0-9]{0,4}$/;

function parseId(value: unknown): number | undefined {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) return undefined;
  const id = Number(value);
  return id <= MAX_ID ? id : undefined;
}

/** Building blocks for params and query schemas. */
export const inputs = {
  /** A database id: a plain positive integer that fits the column (no signs, spaces, exponents or leading zeros). */
  id: () =>
    z.string().transform((value, context) => {
      const id = parseId(value);
      if (id === undefined) {
        context.addIssue({ code: 'custom', message: 'must be a positive whole number' });
        return z.NEVER;
      }
      return id;
    }),
  /** `?page=N`: absent is 1; anything but a plain positive integer up to MAX_PAGE fails. */
  page: () =>
    z
      .string()
      .regex(PAGE_PATTERN, 'page must be a positive whole number')
      .transform(Number)
      .refine((page) => page <= MAX_PAGE, 'page is past the last page')
      .optional()
      .default(1),
  /**
   * An optional value read leniently: one string (cut to `max` characters) or
   * undefined for anything else (absent, repeated, empty). For values that only
   * steer a page (a return path, a notice key), where a bad value is ignored.
   */
  optionalText: (max = 300) =>
    z
      .unknown()
      .optional()
      .transform((value) => (typeof value === 'string' && value !== '' ? value.slice(0, max) : undefined)),
  /** One of a fixed set of words, or `fallback` for anything else. */
  choice: <const Values extends readonly [string, ...string[]]>(values: Values, fallback: Values[number]) =>
    z
      .unknown()
      .optional()
      .transform((value): Values[number] => (typeof value === 'string' && values.includes(value) ? value : fallback)),
};

/** Building blocks for form schemas (`readForm`). */
export const fields = {
  // `.optional()` before each transform: zod would otherwise refuse a missing key before the transform sees it.
  /** Text, cut to `max` characters; a missing or non-text value is ''. */
  text: (max = 300) =>
    z
      .unknown()
      .optional()
      .transform((value) => (typeof value === 'string' ? value.slice(0, max) : '')),
  /** A checkbox: checked when the browser sent "on". */
  checkbox: () =>
    z
      .unknown()
      .optional()
      .transform((value) => value === 'on'),
  /** A database id sent by a form (a hidden field); anything else fails with `message`. */
  id: (message = 'That item could not be found.') =>
    z
      .unknown()
      .optional()
      .transform((value, context) => {
        const id = parseId(value);
        if (id === undefined) {
          context.addIssue({ code: 'custom', message });
          return z.NEVER;
        }
        return id;
      }),
  /** An optional database id: absent or empty is null; anything else must be an id. */
  optionalId: (message = 'That item could not be found.') =>
    z
      .unknown()
      .optional()
      .transform((value, context) => {
        if (value === undefined || value === '') return null;
        const id = parseId(value);
        if (id === undefined) {
          context.addIssue({ code: 'custom', message });
          return z.NEVER;
        }
        return id;
      }),
};

export type FieldErrors = Partial<Record<string, string>>;

export type FormReading<Values> = { ok: true; values: Values } | { ok: false; errors: FieldErrors };

/**
 * The request's form body checked against `schema`: typed values, or the
 * first message for each field that failed (keyed by field name; a failure
 * that names no field is keyed `form`). Call it after the CSRF check.
 */
export function readForm<Schema extends z.ZodType>(request: FastifyRequest, schema: Schema): FormReading<z.output<Schema>> {
  const result = schema.safeParse(formBody(request));
  if (result.success) return { ok: true, values: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : 'form';
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** For forms with no page to show again (staff actions, buttons): a form that fails is a 400. */
export function requireForm<Schema extends z.ZodType>(request: FastifyRequest, schema: Schema): z.output<Schema> {
  const reading = readForm(request, schema);
  if (!reading.ok) throw new AppError('bad-request', Object.values(reading.errors).join(' '));
  return reading.values;
}
