import { AppError } from '../errors.js';

const MAX_PAGE = 10_000;

/** `?page=N`: absent means 1; anything but a plain positive integer is a 400. */
export function parsePageParameter(query: unknown): number {
  const value = (query as Record<string, unknown> | undefined)?.page;
  if (value === undefined) return 1;
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,4}$/.test(value))
    throw new AppError('bad-request', 'page must be a positive whole number');
  const page = Number(value);
  if (page > MAX_PAGE) throw new AppError('not-found');
  return page;
}
