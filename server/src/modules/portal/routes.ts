import { z } from 'zod';
import { STAGES, type Stage } from '../../../../common/projects.js';
import { AppError, notFound } from '../../platform/errors.js';
import { MAX_ATTACHMENT_BYTES } from '../../platform/files.js';
import { actorOf, errorBody, idParams, sendStoredFile, type App, type Services } from '../../platform/http.js';
import { enterpriseOfActor, enterpriseProjects } from '../enterprises/index.js';
import { canReadEvidence } from './policy.js';
import { presentEvidence } from './presenter.js';
import { evidenceOf, projectForEvidence, unitName } from './repo.js';
import { decideBody, evidenceParams, evidenceQuery, evidenceSchema, portalSchema } from './schema.js';
import { decideEvidence, evidenceForDownload, submitEvidence } from './service.js';

/** 一门帮办: the enterprise's home and milestone evidence; the project unit's review of it. */
export async function portalRoutes(app: App) {
  const gj: Services = app.gj;
  const tags = ['portal'];
  // Files arrive as the request body itself (a photo straight from the phone's camera).
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, body));

  app.get(
    '/api/portal',
    { config: { auth: { permission: 'problem:read' } }, schema: { tags, summary: 'The enterprise portal’s home: my enterprise, its projects’ milestones and the evidence I uploaded (enterprise contacts only)', response: { 200: portalSchema, 403: errorBody } } },
    async (request) => {
      const enterprise = await enterpriseOfActor(gj.db, actorOf(request));
      if (!enterprise) throw new AppError(403, 'PROBLEM_NOT_ENTERPRISE');
      const { projects, stages } = await enterpriseProjects(gj.db, enterprise.uscc);
      const evidence = await evidenceOf(gj.db, projects.map((p) => p.id));
      const order = (s: string) => STAGES.indexOf(s as Stage);
      return {
        enterprise: { id: enterprise.id, name: enterprise.name, uscc: enterprise.uscc, servingUnitName: await unitName(gj.db, enterprise.serving_unit_id) },
        projects: projects.map((p) => ({
          id: p.id,
          code: p.code,
          name: p.name,
          stage: p.stage,
          milestones: stages
            .filter((s) => s.project_id === p.id)
            .sort((a, b) => order(a.stage) - order(b.stage))
            .map((s) => ({ stage: s.stage, plannedDate: s.planned_date, actualDate: s.actual_date })),
          evidence: evidence.filter((e) => e.project_id === p.id).map(presentEvidence),
        })),
      };
    },
  );

  app.post(
    '/api/portal/projects/:id/evidence',
    {
      config: { auth: { permission: 'problem:write' } },
      bodyLimit: MAX_ATTACHMENT_BYTES,
      schema: { tags, summary: 'Upload the evidence of a milestone my project reached (营业执照, 施工许可证, 开工照片): the body is the file; the unit confirms it before the stage moves', params: idParams, querystring: evidenceQuery, response: { 201: evidenceSchema, 400: errorBody, 403: errorBody, 404: errorBody, 413: errorBody } },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'ATTACHMENT_TYPE', { name: request.query.name });
      const { name, ...input } = request.query;
      const id = await submitEvidence(gj, request.ctx, request.params.id, { ...input, name }, request.body);
      request.audited = true;
      const [row] = (await evidenceOf(gj.db, [request.params.id])).filter((e) => e.id === id);
      return reply.code(201).send(presentEvidence(row!));
    },
  );

  app.get(
    '/api/projects/:id/evidence',
    { config: { auth: { permission: 'project:read' } }, schema: { tags, summary: 'Milestone evidence the enterprise uploaded for one of my projects, waiting or decided', params: idParams, response: { 200: z.object({ items: z.array(evidenceSchema) }), 404: errorBody } } },
    async (request) => {
      const project = await projectForEvidence(gj.db, request.params.id);
      if (!project || !canReadEvidence(actorOf(request), project, false)) throw notFound();
      return { items: (await evidenceOf(gj.db, [project.id])).map(presentEvidence) };
    },
  );

  app.post(
    '/api/projects/:id/evidence/:evidenceId/decide',
    { config: { auth: { permission: 'project:write' } }, schema: { tags, summary: 'Confirm the evidence (the project moves to the stage on its date) or reject it with a reason', params: evidenceParams, body: decideBody, response: { 200: evidenceSchema, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody } } },
    async (request) => {
      await decideEvidence(gj, request.ctx, request.params.id, request.params.evidenceId, request.body);
      request.audited = true;
      const [row] = (await evidenceOf(gj.db, [request.params.id])).filter((e) => e.id === request.params.evidenceId);
      return presentEvidence(row!);
    },
  );

  app.get(
    '/api/projects/:id/evidence/:evidenceId/file',
    { config: { auth: { permission: ['project:read', 'problem:read'] } }, schema: { tags, summary: 'Download a milestone’s evidence (the project’s readers and its enterprise; audited)', params: evidenceParams } },
    async (request, reply) => {
      const row = await evidenceForDownload(gj, request.ctx, request.params.id, request.params.evidenceId);
      request.audited = true;
      return sendStoredFile(reply, gj.files, row, 'evidence');
    },
  );
}
