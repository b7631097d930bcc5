import { z } from 'zod';
import type { MethodDefinition } from '../engine/define.js';
import type { AuditLog } from './audit.js';
import type { EgressGuard } from './egress.js';

export function trustMethods(deps: { egress: EgressGuard; audit: AuditLog; wipe: () => Promise<void> }): {
  'privacy.ledger': MethodDefinition<'privacy.ledger'>;
  'privacy.report': MethodDefinition<'privacy.report'>;
  'audit.list': MethodDefinition<'audit.list'>;
  'audit.export': MethodDefinition<'audit.export'>;
  'library.wipe': MethodDefinition<'library.wipe'>;
} {
  const { egress, audit, wipe } = deps;
  return {
    'privacy.ledger': {
      params: z.tuple([
        z
          .object({
            sinceDays: z.number().int().min(1).max(3650).optional(),
            limit: z.number().int().min(1).max(5000).optional(),
          })
          .strict(),
      ]),
      run: ({ sinceDays, limit }) => egress.summary(sinceDays, limit),
    },
    'privacy.report': {
      params: z.tuple([z.object({ host: z.string().min(1).max(255), purpose: z.string().max(200) }).strict()]),
      run: ({ host, purpose }) =>
        egress.record({ process: 'renderer', host, purpose, allowed: false, reason: 'blocked by the window’s policy' }),
    },
    'audit.list': {
      params: z.tuple([
        z
          .object({ limit: z.number().int().min(1).max(5000).optional(), beforeId: z.number().int().optional() })
          .strict(),
      ]),
      run: ({ limit, beforeId }) => audit.list(limit, beforeId),
    },
    'audit.export': {
      params: z.tuple([]),
      run: () => {
        audit.record('audit.exported', 'audit log');
        return { fileName: `cellar-audit-${new Date().toISOString().slice(0, 10)}.csv`, csv: audit.toCsv() };
      },
    },
    'library.wipe': {
      params: z.tuple([z.object({ confirm: z.literal('DELETE EVERYTHING') }).strict()]),
      run: () => wipe(),
    },
  };
}
