/** The activity module's public entry: what other modules (and the seed) may use. */
export { logActivityIn } from './service.js';
