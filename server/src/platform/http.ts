import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Permission } from '../../../common/permissions.js';
import type { AppConfig } from '../config.js';
import type { Database, Dialect } from '../db/connect.js';
import type { DB } from '../db/schema.js';
import type { AuditEntry, AuditTrail } from './audit.js';
import type { Clock } from './clock.js';
import type { Actor, RequestContext } from './context.js';
import type { FieldCipher } from './crypto.js';
import type { FileStore } from './files.js';
import { AppError } from './errors.js';

/**
 * Every /api route declares who may call it. `public`: no session (login, health, docs).
 * Otherwise a session is needed, plus `permission` (any one of a list) when given.
 * `duringForcedChange`: still reachable while the user must change the password or enrol MFA.
 */
export type RouteAuth =
  | { public: true }
  | { public?: false; permission?: Permission | Permission[]; duringForcedChange?: boolean };

export interface Services {
  database: Database;
  db: Kysely<DB>;
  dialect: Dialect;
  config: AppConfig;
  clock: Clock;
  audit: AuditTrail;
  cipher: FieldCipher;
  files: FileStore;
  /** Every /api route registered, for the authorisation matrix. */
  routes: { method: string; url: string; auth: RouteAuth }[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    ctx: RequestContext;
    /** Set once the request's write has been recorded; the fallback hook records the rest. */
    audited: boolean;
  }
  interface FastifyInstance {
    gj: Services;
  }
}

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** The actor of an authenticated route (the auth hook has already refused anonymous calls). */
export function actorOf(request: FastifyRequest): Actor {
  const actor = request.ctx.actor;
  if (!actor) throw new AppError(401, 'UNAUTHENTICATED');
  return actor;
}

/** Records an audit entry outside a business transaction and marks the request as audited. */
export async function auditAlone(app: FastifyInstance, request: FastifyRequest, entry: AuditEntry): Promise<void> {
  request.audited = true;
  await app.gj.audit.appendAlone(app.gj.db, request.ctx, entry);
}

/** A stored file as a download, its name in RFC 5987 form (Chinese names survive every browser). */
export function sendStoredFile(reply: FastifyReply, files: FileStore, row: { mime: string; file_name: string; storage_key: string }, asciiName = 'attachment') {
  return reply
    .header('Content-Type', row.mime)
    .header('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(row.file_name)}`)
    .send(files.get(row.storage_key));
}

export function noContent(reply: FastifyReply) {
  return reply.code(204).send();
}

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string(), details: z.unknown().optional() }),
});

/**
 * Ids and other whole numbers that reach an integer column are capped at 2,147,483,647 in every
 * schema (.max(2147483647)): PostgreSQL's integer is 32-bit and answered a larger one with an
 * error (500), where SQLite simply found nothing — the two databases must answer alike.
 */
export const idParams = z.object({ id: z.coerce.number().int().positive().max(2147483647) });

export const pageQuery = {
  // Bounded so the offset stays an exact integer on both databases (a page past the end is empty anyway).
  page: z.coerce.number().int().min(1).max(10_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export function pageOf<T>(items: T[], total: number) {
  return { items, total };
}
