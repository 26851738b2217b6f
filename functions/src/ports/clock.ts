/** Time comes through a port so rules and tests do not depend on today. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
