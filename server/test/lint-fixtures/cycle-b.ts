// Lint fixture (ignored by `eslint .`; linted by lint-boundaries.unit.test.ts): the other half of the cycle.
import { a } from './cycle-a.js';

export const b = 'b';
export const callA = () => a();
