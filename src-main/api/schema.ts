import { z } from 'zod';

/** Shared input limits: every string and array that crosses a process boundary is bounded. */
export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const shortText = z.string().max(500);
export const filePath = z.string().min(1).max(4096);
export const none = z.object({}).strict();
