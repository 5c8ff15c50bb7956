/**
 * The lead module's public entry: what other modules may use. Anything not exported here is the
 * module's own (lint refuses a reach past this file).
 */
export { leadReadable, leadWritable, canRegisterFor } from './policy.js';
export { createLead, changeLeadStatusIn, followupIn, loadLeadForWrite, recordLeadEvent, touchByActivity, iso, escalateOverdueHandoffs, startHandoff, acceptHandoff, declineHandoff, arbitrate, type LeadDeps, type NewLead } from './service.js';
export { scopedLeads, creditRows } from './repo.js';
