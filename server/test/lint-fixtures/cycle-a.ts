// Lint fixture (ignored by `eslint .`; linted by lint-boundaries.unit.test.ts): half of an import cycle.
import { b } from './cycle-b.js';

export const a = (): string => `a${b.length}`;
