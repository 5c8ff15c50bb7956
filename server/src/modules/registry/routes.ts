import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { actorOf, errorBody, idParams, type App, type Services } from '../../platform/http.js';
import { unitsToWan } from '../../platform/money.js';
import { problemsOfEnterprise } from '../problems/index.js';
import { canProject } from '../projects/index.js';
import { chinaDay } from '../../platform/china-time.js';
import { canKeepRecord } from './policy.js';
import { creditOfEnterprise, registryRecord, searchRegistry } from './repo.js';
import { industryBody, registryItemSchema, registryQuery, registryRecordSchema, retireBody, tagBody, tagParams } from './schema.js';
import { addTag, retireTag, setIndustry } from './service.js';

/**
 * 企业库: the city's registry of enterprises as officers read it. What hangs off an enterprise —
 * projects, leads, problems, credit — is shown as far as each reader's own rules let it see, and
 * how many more exist, never what they are.
 */
export async function registryRoutes(app: App) {
  const gj: Services = app.gj;
  const tags = ['enterprises'];
  // The city's registry (企业库): reference data for officers; what hangs off an enterprise is shown as far as the reader may see it.
  const REGISTRY_READERS = ['project:read', 'keylist:write'] as const;

  app.get(
    '/api/enterprise-registry',
    { config: { auth: { permission: [...REGISTRY_READERS] } }, schema: { tags, summary: 'The enterprise registry, searched by two characters of a name, the credit code or pinyin initials; by tag', querystring: registryQuery, response: { 200: z.object({ items: z.array(registryItemSchema), total: z.number() }) } } },
    async (request) => {
      const { page, pageSize, ...f } = request.query;
      const { items, total } = await searchRegistry(gj.db, gj.dialect, f, chinaDay(gj.clock.now()), page, pageSize);
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
      const problems = await problemsOfEnterprise(gj.db, actor, r.e.id);
      // Credit is the 金链行动's: a reader of its figures sees the banks of its scope (all, for city-wide readers).
      const credit = actor.permissions.has('finance:read') ? await creditOfEnterprise(gj.db, r.e.id, actor.scope.all ? null : actor.scope.unitIds) : null;
      return {
        id: r.e.id,
        uscc: r.e.uscc,
        name: r.e.name,
        industry: r.e.industry,
        servingUnitName: r.e.serving_unit_name,
        formerNames: r.names.filter((n) => n.name !== r.e.name).map((n) => ({ name: n.name, since: new Date(n.recorded_at).toISOString() })),
        tags: r.tags.map((t) => ({ id: t.id, tag: t.tag, source: t.source, validFrom: t.valid_from, validTo: t.valid_to, retiredAt: t.retired_at ? new Date(t.retired_at).toISOString() : null, retiredBy: t.retired_by_name, retireReason: t.retire_reason })),
        canEdit: canKeepRecord(actor, r.e),
        lists: r.lists.map((l) => ({ year: l.year, chainId: l.chain_id, chainName: l.chain_name, segment: l.segment, role: l.role })),
        projects: { items: projects.map((p) => ({ id: p.id, code: p.code, name: p.name, stage: p.stage, hostUnitName: p.host_name })), hidden: r.projects.length - projects.length },
        leads: { items: leads.map((l) => ({ id: l.id, code: l.code, title: l.title, status: l.status, unitName: l.unit_name })), hidden: r.leads.length - leads.length },
        problems,
        credit: credit
          ? credit.map((c) => ({ id: c.id, bankName: c.bank_name, chainName: c.chain_name, amountWan: unitsToWan(c.amount_yuan)!, grantedOn: c.granted_on, outstandingWan: unitsToWan(Number(c.drawn ?? 0) - Number(c.repaid ?? 0))! }))
          : null,
      };
    },
  );

  // Keeping the record: who serves the company and the chain bureaus (policy.ts); every change audited.
  const KEEPERS = ['enterprise:write', 'keylist:write'] as const;
  app.put(
    '/api/enterprise-registry/:id/industry',
    { config: { auth: { permission: [...KEEPERS] } }, schema: { tags, summary: 'Set the enterprise’s industry (行业) — its serving unit or a chain bureau', params: idParams, body: industryBody, response: { 204: z.null(), 403: errorBody, 404: errorBody } } },
    async (request, reply) => {
      await setIndustry(gj, request.ctx, request.params.id, request.body.industry);
      request.audited = true;
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/enterprise-registry/:id/tags',
    { config: { auth: { permission: [...KEEPERS] } }, schema: { tags, summary: 'Record a tag by hand (专精特新, 瞪羚…) with its source and validity', params: idParams, body: tagBody, response: { 201: z.object({ id: z.number() }), 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody } } },
    async (request, reply) => {
      const id = await addTag(gj, request.ctx, request.params.id, { ...request.body, validTo: request.body.validTo ?? null });
      request.audited = true;
      return reply.code(201).send({ id });
    },
  );

  app.post(
    '/api/enterprise-registry/:id/tags/:tagId/retire',
    { config: { auth: { permission: [...KEEPERS] } }, schema: { tags, summary: 'Withdraw a tag: it stays as history with who withdrew it, when and why', params: tagParams, body: retireBody, response: { 204: z.null(), 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody } } },
    async (request, reply) => {
      await retireTag(gj, request.ctx, request.params.id, request.params.tagId, request.body);
      request.audited = true;
      return reply.code(204).send(null);
    },
  );
}
