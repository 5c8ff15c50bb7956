/** The auth module's public entry: what other modules may use. */
export { authRoutes } from './routes.js';
export { matchTotpStep, newTotpSecret, totpCode, totpUri } from './totp.js';
