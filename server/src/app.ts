import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppConfig } from './config.js';
import { isLockTimeout, openDatabase, type Database } from './db/connect.js';
import { isForeignKeyViolation } from './db/portable.js';
import { PendingAudits, RefusedReadThrottle } from './platform/audit.js';
import { publishAuditCheckpoint } from './platform/audit-checkpoint.js';
import { can } from './platform/context.js';
import { safeEqual } from './platform/crypto.js';
import { createServices } from './platform/services.js';
import { AppError } from './platform/errors.js';
import type { App, RouteAuth, Services } from './platform/http.js';
import { pickLang, translate, type Lang, type MessageKey } from './platform/i18n/index.js';
import { OneLinePerRequest, readableStream } from './platform/logging.js';
import { stripUnsafeCharactersDeep } from './platform/sanitize.js';
import { SESSION_COOKIE, resolveSession } from './platform/sessions.js';
import { loadSettings } from './platform/settings.js';
import { timingDummyHash } from './platform/password.js';
import { accountRoutes } from './modules/account/routes.js';
import { auditRoutes } from './modules/audit/routes.js';
import { authRoutes } from './modules/auth/routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { projectRoutes } from './modules/projects/routes.js';
import { leadRoutes } from './modules/leads/routes.js';
import { chainRoutes } from './modules/chains/routes.js';
import { activityRoutes } from './modules/activities/routes.js';
import { dispatchRoutes } from './modules/dispatch/index.js';
import { targetRoutes } from './modules/targets/index.js';
import { rankingRoutes } from './modules/rankings/index.js';
import { dashboardRoutes } from './modules/dashboard/index.js';
import { briefingRoutes } from './modules/briefings/index.js';
import { notificationRoutes } from './modules/notifications/index.js';
import { workbenchRoutes } from './modules/workbench/index.js';
import { problemRoutes } from './modules/problems/index.js';
import { enterpriseRoutes } from './modules/enterprises/index.js';
import { registryRoutes } from './modules/registry/index.js';
import { returnsRoutes } from './modules/returns/index.js';
import { portalRoutes } from './modules/portal/index.js';
import { keyEnterpriseRoutes } from './modules/key-enterprises/index.js';
import { financeRoutes } from './modules/finance/index.js';
import { roleRoutes } from './modules/roles/routes.js';
import { savedFilterRoutes } from './modules/saved-filters/routes.js';
import { settingRoutes } from './modules/settings/routes.js';
import { unitRoutes } from './modules/units/routes.js';
import { userRoutes } from './modules/users/routes.js';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Requests other than file uploads (which set their own, larger limit per route). */
const JSON_BODY_LIMIT = 2 * 1024 * 1024;
const LANG_COOKIE = 'gj_lang';
/** Where the web build puts its hashed files. */
const ASSETS_PREFIX = '/assets/';
/** What a client is told to wait after a write lock timed out (503): another writer is finishing. */
const BUSY_RETRY_AFTER_S = 5;

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}
function isDocsPath(url: string): boolean {
  return url.startsWith('/api/docs');
}

function sendError(request: FastifyRequest, status: number, code: MessageKey, params: Record<string, unknown> = {}, details?: unknown) {
  const lang: Lang = request.ctx?.lang ?? 'zh-CN';
  return {
    status,
    body: { error: { code, message: translate(lang, code, { ...params, requestId: request.id }), requestId: request.id, ...(details === undefined ? {} : { details }) } },
  };
}

/** Maps zod's issues onto the user's language, keeping the field path. */
function fieldErrors(request: FastifyRequest, validation: { keyword: string; instancePath: string; params: Record<string, unknown> }[]) {
  const lang = request.ctx?.lang ?? 'zh-CN';
  return validation.map((v) => {
    let key: MessageKey = 'FIELD_INVALID';
    const params: Record<string, unknown> = {};
    if (v.keyword === 'invalid_type' && (v.params.input === undefined || v.params.received === 'undefined')) key = 'FIELD_REQUIRED';
    else if (v.keyword === 'too_small') {
      key = 'FIELD_TOO_SHORT';
      params.min = v.params.minimum;
    } else if (v.keyword === 'too_big') {
      key = 'FIELD_TOO_LONG';
      params.max = v.params.maximum;
    } else if (v.keyword === 'custom' && typeof (v.params.params as { messageKey?: unknown } | undefined)?.messageKey === 'string') {
      // A refinement that names its own message (the credit code's check character).
      key = (v.params.params as { messageKey: MessageKey }).messageKey;
    }
    return { field: v.instancePath.replace(/^\//, '').replace(/\//g, '.'), code: v.keyword, message: translate(lang, key, params) };
  });
}

export async function buildApp(config: AppConfig, existing?: Database): Promise<App> {
  const database = existing ?? openDatabase(config.databaseUrl, { lockWaitMs: config.lockWaitMs });
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'], ...(config.logFormat === 'pretty' ? { stream: readableStream() } : {}) },
    logController: new OneLinePerRequest((request, reply) => request.url.startsWith(ASSETS_PREFIX) && reply.statusCode < 400),
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    bodyLimit: JSON_BODY_LIMIT,
    // A URL the router cannot take — a path parameter over 100 characters, a malformed escape —
    // is refused before any hook runs: answered in the app's own shape and the caller's language,
    // not the framework's body (which echoes the URL).
    frameworkErrors: (err, request, reply) => {
      const lang = pickLang(request.headers['accept-language'], new RegExp(`(?:^|;\\s*)${LANG_COOKIE}=([^;]+)`).exec(request.headers.cookie ?? '')?.[1]);
      const [status, code] = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? ([414, 'URL_TOO_LONG'] as const) : err.code === 'FST_ERR_BAD_URL' ? ([400, 'URL_MALFORMED'] as const) : ([500, 'INTERNAL'] as const);
      if (status === 500) request.log.error({ err }, 'router error');
      void (reply as unknown as FastifyReply).code(status).send({ error: { code, message: translate(lang, code, { requestId: request.id }), requestId: request.id } });
    },
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const services: Services = createServices(config, database);
  app.decorate('gj', services);
  // Computed now, so the first login of an unknown name does not take visibly longer than the rest.
  void timingDummyHash();
  app.decorateRequest('ctx', null as never);
  app.decorateRequest('audited', false);
  if (!existing) app.addHook('onClose', async () => database.close());
  // On shutdown (SIGTERM closes the app) the trail's end is published outside the database, so a
  // later cut of the newest records shows. onClose hooks run last-added first: this one runs
  // before the database closes.
  app.addHook('onClose', async () => {
    try {
      await publishAuditCheckpoint(services);
    } catch (err) {
      app.log.error({ err }, 'could not publish the audit checkpoint');
    }
  });

  // Every /api route must say who may call it; a route without `auth` cannot even start.
  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth as RouteAuth | undefined;
    if (!auth) {
      if (isApiPath(route.url) && !isDocsPath(route.url)) throw new Error(`route ${route.method} ${route.url} declares no auth`);
      return;
    }
    for (const method of ([] as string[]).concat(route.method)) {
      if (method === 'HEAD') continue;
      services.routes.push({ method, url: route.url, auth });
    }
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd writes its CSS-in-JS into <style> elements; scripts stay strictly external.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: config.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Gongjian API', description: '镇江市项目攻坚平台 API', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });
  // Outside the demo the API description is for signed-in users only: it is a map of every route
  // to try. (Docs paths skip the session lookup of the onRequest hook below, so it is done here.)
  const docsNeedSession = async (request: FastifyRequest) => {
    if (config.demo) return;
    const token = request.cookies?.[SESSION_COOKIE];
    const found = token ? await resolveSession(services.db, token, loadSettings(services.db), services.clock.now(), config.demo) : null;
    if (found?.kind !== 'ok') throw new AppError(401, 'UNAUTHENTICATED');
  };
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiHooks: { onRequest: docsNeedSession } });

  app.addHook('onRequest', async (request) => {
    const lang = pickLang(request.headers['accept-language'], request.cookies?.[LANG_COOKIE]);
    request.ctx = { actor: null, ip: request.ip, requestId: request.id, lang, userAgent: request.headers['user-agent'] ?? null };
    if (!isApiPath(request.url) || isDocsPath(request.url)) return;
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token) return;
    const found = await resolveSession(services.db, token, loadSettings(services.db), services.clock.now(), config.demo);
    if (found.kind === 'ok') request.ctx.actor = found.actor;
    else if (found.kind === 'expired') (request as FastifyRequest & { sessionExpired?: boolean }).sessionExpired = true;
  });

  // Authorisation happens before body validation, so a stranger learns nothing from a 400.
  app.addHook('preValidation', async (request) => {
    const auth = request.routeOptions.config?.auth as RouteAuth | undefined;
    if (!auth || auth.public) return;
    const actor = request.ctx.actor;
    if (!actor) {
      throw new AppError(401, (request as FastifyRequest & { sessionExpired?: boolean }).sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    }
    if (UNSAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, actor.csrfToken)) throw new AppError(403, 'CSRF_INVALID');
    }
    if (!auth.duringForcedChange) {
      if (actor.mustChangePassword) throw new AppError(403, 'PASSWORD_CHANGE_REQUIRED');
      if (actor.mustEnrolMfa) throw new AppError(403, 'MFA_ENROLMENT_REQUIRED');
    }
    if (auth.permission) {
      const wanted = ([] as string[]).concat(auth.permission);
      if (!wanted.some((p) => can(actor, p as never))) throw new AppError(403, 'FORBIDDEN');
    }
  });

  // Control and bidirectional characters never reach validation, the database or an export: every
  // string of a JSON body and of the query loses them here (platform/sanitize.ts says which).
  app.addHook('preValidation', async (request) => {
    if (request.body !== null && typeof request.body === 'object' && !Buffer.isBuffer(request.body)) request.body = stripUnsafeCharactersDeep(request.body);
    if (request.query && typeof request.query === 'object') request.query = stripUnsafeCharactersDeep(request.query);
  });

  app.addHook('onSend', async (request, reply) => {
    if (isApiPath(request.url)) reply.header('Cache-Control', 'no-store');
  });

  // Fallback records that met a database still locked (the request itself answered 503 for that
  // reason) are written once the lock frees, instead of being lost.
  const pendingAudits = new PendingAudits((err) => app.log.error({ err }, 'could not write a deferred audit record'));
  app.addHook('onClose', async () => pendingAudits.flush());

  // The fallback of "one audit record for every state-changing request": handlers record their
  // writes inside their own transaction; whatever was refused or failed is recorded here, before
  // the answer leaves, so a client never sees a response whose audit record is not yet written.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!UNSAFE_METHODS.has(request.method) || !isApiPath(request.url) || request.audited) return payload;
    request.audited = true;
    const entry = {
      action: `${request.method} ${request.routeOptions.url ?? request.url}`,
      objectType: 'request',
      objectId: (request.params as { id?: string } | undefined)?.id ?? null,
      result: reply.statusCode < 400 ? ('success' as const) : ('failure' as const),
      detail: { status: reply.statusCode, error: (reply as unknown as { errorCode?: string }).errorCode, at: services.clock.now().toISOString() },
    };
    try {
      await services.audit.appendAlone(services.db, request.ctx, entry);
    } catch (err) {
      if (isLockTimeout(err)) pendingAudits.add(() => services.audit.appendAlone(services.db, request.ctx, { ...entry, detail: { ...entry.detail, deferred: true } }));
      else request.log.error({ err }, 'could not write the fallback audit record');
    }
    return payload;
  });

  // Reads refused with 403 or 404 are recorded too: probing other units' records by id looks
  // exactly like this. Bounded by RefusedReadThrottle (one record per who, route and status a minute).
  const refusedReads = new RefusedReadThrottle();
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || !isApiPath(request.url) || request.audited) return payload;
    const route = request.routeOptions.url;
    if (!route || (reply.statusCode !== 403 && reply.statusCode !== 404)) return payload;
    const who = request.ctx?.actor ? `user:${request.ctx.actor.userId}` : `ip:${request.ip}`;
    const admitted = refusedReads.admit(`${who}|${route}|${reply.statusCode}`, services.clock.now().getTime());
    if (!admitted) return payload;
    request.audited = true;
    try {
      await services.audit.appendAlone(services.db, request.ctx, {
        action: 'access.denied',
        objectType: 'request',
        objectId: (request.params as { id?: string } | undefined)?.id ?? null,
        result: 'failure',
        detail: {
          method: request.method,
          route,
          url: request.url.slice(0, 500),
          status: reply.statusCode,
          error: (reply as unknown as { errorCode?: string }).errorCode,
          unrecordedBefore: admitted.suppressedBefore,
        },
      });
    } catch (err) {
      request.log.error({ err }, 'could not record a refused read');
    }
    return payload;
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    let out;
    if (err instanceof AppError) {
      out = sendError(request, err.status, err.code, err.params, err.details);
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      out = sendError(request, 400, 'VALIDATION_FAILED', {}, fieldErrors(request, err.validation as never));
    } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // The limit the request actually met: the route's own (uploads) or the server's.
      const limit = request.routeOptions.bodyLimit ?? JSON_BODY_LIMIT;
      const mb = Math.round((limit / 1024 / 1024) * 10) / 10;
      const isJson = /^application\/(.+\+)?json\b/i.test(request.headers['content-type'] ?? '');
      // "The file is too large" only where a file is what the route takes (its own, larger limit);
      // anything else sent to a form's route is a request body, whatever its type says.
      const takesFiles = limit > JSON_BODY_LIMIT;
      out = isJson || !takesFiles ? sendError(request, 413, 'REQUEST_BODY_TOO_LARGE', { max: mb }) : sendError(request, 413, 'IMPORT_FILE_TOO_LARGE', { max: mb });
    } else if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      // No field to mark: the body could not be read at all.
      out = sendError(request, 400, 'REQUEST_BODY_MALFORMED');
    } else if (isLockTimeout(err)) {
      // Another writer (a second instance, a console import, a backup's audit) held the write lock
      // past the wait: nothing was written, and the same request later succeeds.
      reply.header('Retry-After', String(BUSY_RETRY_AFTER_S));
      out = sendError(request, 503, 'DATABASE_BUSY', { seconds: BUSY_RETRY_AFTER_S });
    } else if (isForeignKeyViolation(err)) {
      // A safety net: services check what they reference, but a row the check missed (an id that
      // does not exist, a record still in use) is the client's conflict, not the server's fault.
      request.log.warn({ err }, 'foreign key refused a write');
      out = sendError(request, 409, 'REFERENCE_CONFLICT');
    } else if (err.statusCode === 415 || err.statusCode === 413 || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err.statusCode === 400 && err.validation)) {
      out = sendError(request, err.statusCode ?? 400, 'VALIDATION_FAILED');
    } else {
      request.log.error({ err }, 'internal error');
      out = sendError(request, 500, 'INTERNAL');
    }
    (reply as unknown as { errorCode?: string }).errorCode = out.body.error.code;
    return reply.code(out.status).send(out.body);
  });

  app.setNotFoundHandler((request, reply) => {
    // A hashed file that is gone (a tab still open on the previous build) is a 404, not the page:
    // the web app reloads itself when a chunk fails (main.tsx).
    if (isApiPath(request.url) || request.url.startsWith(ASSETS_PREFIX) || !config.webDist || !existsSync(join(config.webDist, 'index.html')) || request.method !== 'GET') {
      const out = sendError(request, 404, 'ROUTE_NOT_FOUND');
      return reply.code(404).send(out.body);
    }
    // The web app routes on the client: any other GET gets its shell (no-cache by setHeaders below).
    return reply.type('text/html').sendFile('index.html');
  });

  if (config.webDist && existsSync(config.webDist)) {
    const webDist = config.webDist;
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // The build writes .br and .gz beside each file (web/vite.config.ts): sent as they are to
      // whoever accepts them, instead of 2.5 MB of plain JavaScript.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, path) => {
        // Files under assets/ carry their content's hash in the name: kept a year, never asked
        // again. Everything else (index.html, which names them) is asked again every time.
        const immutable = relative(webDist, path).split(sep)[0] === 'assets';
        res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        res.setHeader('Vary', 'Accept-Encoding');
      },
    });
  }

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(accountRoutes);
  await app.register(unitRoutes);
  await app.register(userRoutes);
  await app.register(roleRoutes);
  await app.register(settingRoutes);
  await app.register(auditRoutes);
  await app.register(projectRoutes);
  await app.register(chainRoutes);
  await app.register(leadRoutes);
  await app.register(activityRoutes);
  await app.register(dispatchRoutes);
  await app.register(targetRoutes);
  await app.register(rankingRoutes);
  await app.register(problemRoutes);
  await app.register(enterpriseRoutes);
  await app.register(registryRoutes);
  await app.register(returnsRoutes);
  await app.register(portalRoutes);
  await app.register(keyEnterpriseRoutes);
  await app.register(financeRoutes);
  await app.register(dashboardRoutes);
  await app.register(briefingRoutes);
  await app.register(notificationRoutes);
  await app.register(workbenchRoutes);
  await app.register(savedFilterRoutes);

  app.get('/api/openapi.json', { config: { auth: config.demo ? { public: true } : {} }, schema: { hide: true } }, async () => app.swagger());

  await app.ready();
  return app;
}
