import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { actorOf, errorBody, idParams, type App, type Services } from '../../platform/http.js';
import { canServe } from './policy.js';
import { canProject } from '../projects/index.js';
import { contactsOf, enterpriseById, registryRecord, searchRegistry, servedEnterprises } from './repo.js';
import { contactBody, contactSchema, createdContactSchema, enterpriseSchema, listQuery, registerBody, registryItemSchema, registryQuery, registryRecordSchema } from './schema.js';
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

  // The city's registry (企业库): reference data for officers; what hangs off an enterprise is shown as far as the reader may see it.
  const REGISTRY_READERS = ['project:read', 'keylist:write'] as const;

  app.get(
    '/api/enterprise-registry',
    { config: { auth: { permission: [...REGISTRY_READERS] } }, schema: { tags, summary: 'The enterprise registry, searched by two characters of a name, the credit code or pinyin initials; by tag', querystring: registryQuery, response: { 200: z.object({ items: z.array(registryItemSchema), total: z.number() }) } } },
    async (request) => {
      const { page, pageSize, ...f } = request.query;
      const { items, total } = await searchRegistry(gj.db, gj.dialect, f, page, pageSize);
      return { items: items.map((e) => ({ id: e.id, uscc: e.uscc, name: e.name, industry: e.industry, servingUnitName: e.serving_unit_name })), total };
    },
  );

  app.get(
    '/api/enterprise-registry/:id',
    { config: { auth: { permission: [...REGISTRY_READERS] } }, schema: { tags, summary: 'One enterprise: names it went by, tags with their source, chain lists, and its projects and leads as far as I may see them', params: idParams, response: { 200: registryRecordSchema, 404: errorBody } } },
    async (request) => {
      const actor = actorOf(request);
      const r = await registryRecord(gj.db, request.params.id);
      if (!r) throw notFound();
      const projects = r.projects.filter((p) => canProject(actor, 'read', p));
      const leadVisible = (unitId: number) => actor.permissions.has('lead:read') && (actor.scope.all || actor.scope.unitIds.includes(unitId));
      const leads = r.leads.filter((l) => leadVisible(l.unit_id));
      return {
        id: r.e.id,
        uscc: r.e.uscc,
        name: r.e.name,
        industry: r.e.industry,
        servingUnitName: r.e.serving_unit_name,
        formerNames: r.names.filter((n) => n.name !== r.e.name).map((n) => ({ name: n.name, since: new Date(n.recorded_at).toISOString() })),
        tags: r.tags.map((t) => ({ tag: t.tag, source: t.source, validFrom: t.valid_from, validTo: t.valid_to })),
        lists: r.lists.map((l) => ({ year: l.year, chainId: l.chain_id, chainName: l.chain_name, segment: l.segment, role: l.role })),
        projects: { items: projects.map((p) => ({ id: p.id, code: p.code, name: p.name, stage: p.stage, hostUnitName: p.host_name })), hidden: r.projects.length - projects.length },
        leads: { items: leads.map((l) => ({ id: l.id, code: l.code, title: l.title, status: l.status, unitName: l.unit_name })), hidden: r.leads.length - leads.length },
      };
    },
  );
}
