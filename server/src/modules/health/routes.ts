import { sql } from 'kysely';
import { z } from 'zod';
import type { App } from '../../platform/http.js';

export async function healthRoutes(app: App) {
  app.get(
    '/healthz',
    {
      config: { auth: { public: true } },
      schema: { tags: ['health'], summary: 'Liveness: 200 when the database answers', response: { 200: z.object({ status: z.literal('ok'), database: z.string() }), 503: z.object({ status: z.literal('unavailable'), database: z.string() }) } },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(app.gj.db);
        return { status: 'ok' as const, database: app.gj.dialect };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, database: app.gj.dialect });
      }
    },
  );
}
