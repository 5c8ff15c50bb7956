import type { Actor } from '../../platform/context.js';
import { canProject } from '../projects/index.js';

/**
 * 一门帮办's portal: an enterprise contact sees its enterprise and the projects whose investor
 * carries its credit code, and uploads the evidence of a milestone reached; the project's unit
 * (whoever may update the project) confirms or rejects it. Nobody else sees the evidence but
 * those who may read the project.
 */
export interface ProjectRef {
  host_unit_id: number;
  created_by: number | null;
}

export function canReviewEvidence(actor: Actor, project: ProjectRef): boolean {
  return canProject(actor, 'update', project);
}

export function canReadEvidence(actor: Actor, project: ProjectRef, ownEnterpriseProject: boolean): boolean {
  return ownEnterpriseProject || canProject(actor, 'read', project);
}
