import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { actorOf, errorBody, idParams, type App, type Services } from '../../platform/http.js';
import { canServe } from './policy.js';
import { contactsOf, enterpriseById, servedEnterprises } from './repo.js';
import { contactBody, contactSchema, createdContactSchema, enterpriseSchema, listQuery, registerBody } from './schema.js';
import { createContact, registerEnterprise } from './service.js';

/** The enterprises a unit serves and their contacts' accounts: declare permission and schemas, call the service, present. */
export async function enterpriseRoutes(app: App) {
  const gj: Services = app.gj;
  const tags = ['enterprises'];

  app.get(
    '/api/enterprises',
    { config: { auth: { permission: 'enterprise:write' } }, schema: { tags, summary: 'The enterprises my units serve, newest first, with their contacts’ count', querystring: listQuery, response: { 200: z.object({ items: z.array(enterpriseSchema), total: z.number() }) } } },
    async (request) => {
      const { page, pageSize, q } = request.query;
      const { items, total } = await servedEnterprises(gj.db, gj.dialect, actorOf(request).scope, q, page, pageSize);
      return { items: items.map((e) => ({ id: e.id, uscc: e.uscc, name: e.name, servingUnitId: e.serving_unit_id, servingUnitName: e.serving_unit_name, contacts: Number(e.contacts ?? 0) })), total };
    },
  );

  app.post(
    '/api/enterprises',
    { config: { auth: { permission: 'enterprise:write' } }, schema: { tags, summary: 'Register an enterprise my unit serves, by its 统一社会信用代码', body: registerBody, response: { 201: z.object({ id: z.number() }), 400: errorBody, 409: errorBody } } },
    async (request, reply) => {
      const id = await registerEnterprise(gj, request.ctx, request.body);
      request.audited = true;
      return reply.code(201).send({ id });
    },
  );

  app.get(
    '/api/enterprises/:id/contacts',
    { config: { auth: { permission: 'enterprise:write' } }, schema: { tags, summary: 'The contacts’ accounts of an enterprise my unit serves', params: idParams, response: { 200: z.object({ items: z.array(contactSchema) }), 404: errorBody } } },
    async (request) => {
      const enterprise = await enterpriseById(gj.db, request.params.id);
      if (!enterprise || !canServe(actorOf(request), enterprise)) throw notFound();
      const rows = await contactsOf(gj.db, enterprise.unit_id);
      return { items: rows.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name, disabled: u.disabled === 1, lastLoginAt: u.last_login_at ? new Date(u.last_login_at).toISOString() : null })) };
    },
  );

  app.post(
    '/api/enterprises/:id/contacts',
    { config: { auth: { permission: 'enterprise:write' } }, schema: { tags, summary: 'Open an account for the enterprise’s contact (企业联系人); the one-time password is shown once', params: idParams, body: contactBody, response: { 201: createdContactSchema, 404: errorBody, 409: errorBody } } },
    async (request, reply) => {
      const created = await createContact(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return reply.code(201).header('Cache-Control', 'no-store').send(created);
    },
  );
}
