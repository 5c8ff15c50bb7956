import { z } from 'zod';

export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(128), newPassword: z.string().min(1).max(128) });
export const sessionsAnswer = z.object({ items: z.array(z.object({ id: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable(), createdAt: z.string(), lastSeenAt: z.string(), current: z.boolean() })) });
export const sessionParams = z.object({ sessionId: z.string().min(4).max(40) });
export const mfaSetupAnswer = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() });
export const mfaCodeBody = z.object({ code: z.string().trim().length(6) });
export const mfaDisableBody = z.object({ password: z.string().min(1).max(128) });
