// Time is injected so rules that depend on it (scheduling, meters, ages) are testable.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(initial: Date | string): Clock & { set(date: Date | string): void; advance(ms: number): void } {
  let current = new Date(initial);
  return {
    now: () => new Date(current),
    set: (date) => {
      current = new Date(date);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}
