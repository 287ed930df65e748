import formBody from '@fastify/formbody';
import fc from 'fast-check';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerErrorHandling } from './error-handler.js';
import { fields, inputs, MAX_ID, readForm, registerRouteInput, requireForm, type ZodTypeProvider } from './route-input.js';

describe('route input', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify({ logger: false });
    await app.register(formBody);
    registerRouteInput(app);
    registerErrorHandling(app, pino({ level: 'silent' }), async (status, heading) => `<h1>${status} ${heading}</h1>`);
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      '/things/:id',
      {
        schema: {
          params: z.object({ id: inputs.id() }),
          querystring: z.object({ page: inputs.page(), sort: inputs.choice(['new', 'old'], 'new') }),
        },
      },
      async (request) => ({ id: request.params.id, page: request.query.page, sort: request.query.sort }),
    );
    const schema = z.object({
      name: fields.text(5).pipe(z.string().min(1, 'Please enter a name')),
      agree: fields.checkbox(),
      parent: fields.optionalId(),
    });
    routes.post('/form', async (request, reply) => {
      const reading = readForm(request, schema);
      return reading.ok ? reading.values : reply.code(422).send(reading.errors);
    });
    routes.post('/action', async (request) => requireForm(request, z.object({ id: fields.id() })));
    await app.ready();
  });
  afterAll(() => app.close());

  it('hands handlers typed params and query', async () => {
    const response = await app.inject('/things/42?page=3&sort=old');
    expect(response.json()).toEqual({ id: 42, page: 3, sort: 'old' });
    expect((await app.inject('/things/42')).json()).toEqual({ id: 42, page: 1, sort: 'new' });
    expect((await app.inject('/things/42?sort=sideways')).json()).toMatchObject({ sort: 'new' });
  });

  it('refuses to register a route that names path parameters without a params schema', () => {
    const bare = Fastify({ logger: false });
    registerRouteInput(bare);
    expect(() => bare.get('/loose/:id', async () => 'read by hand')).toThrow(/GET \/loose\/:id .*no params schema/);
    expect(() => bare.get('/fixed', async () => 'no parameters')).not.toThrow();
    return bare.close();
  });

  it('answers 404 for a path id that is not an id, and 400 for a malformed page', async () => {
    for (const id of ['0', '-1', '01', '1e3', ' 1', String(MAX_ID + 1), 'abc', '1.5'])
      expect((await app.inject(`/things/${encodeURIComponent(id)}`)).statusCode, id).toBe(404);
    expect((await app.inject(`/things/${MAX_ID}`)).statusCode).toBe(200);
    for (const page of ['0', 'x', '1&page=2', '10001', '-2'])
      expect((await app.inject(`/things/1?page=${page}`)).statusCode, page).toBe(400);
  });

  it('reads a form into typed values or field errors', async () => {
    const ok = await app.inject({
      method: 'POST',
      url: '/form',
      payload: 'name=Alexandra&agree=on&parent=7',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(ok.json()).toEqual({ name: 'Alexa', agree: true, parent: 7 });
    const bad = await app.inject({
      method: 'POST',
      url: '/form',
      payload: 'name=&parent=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toEqual({ name: 'Please enter a name', parent: 'That item could not be found.' });
    const repeated = await app.inject({
      method: 'POST',
      url: '/form',
      payload: 'name=a&name=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(repeated.json()).toEqual({ name: 'Please enter a name' });
  });

  it('answers 400 for a staff form that fails, and never 5xx for any body', async () => {
    expect((await app.inject({ method: 'POST', url: '/action', payload: { id: '12' } })).json()).toEqual({ id: 12 });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json()), async (payload) => {
        for (const url of ['/form', '/action']) {
          const response = await app.inject({
            method: 'POST',
            url,
            payload,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          });
          expect(response.statusCode).toBeLessThan(500);
        }
      }),
      { numRuns: 200 },
    );
  });
});
