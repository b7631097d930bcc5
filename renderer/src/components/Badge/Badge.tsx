import type { ReactNode } from 'react';
import type { FitEstimate } from '../../api';
import { fitBadge, type FitTone, fitSummary } from '../../lib/fit';
import './Badge.css';

export type BadgeTone = FitTone | 'accent';

export function Badge({
  tone = 'neutral',
  children,
  testId,
  title,
}: {
  tone?: BadgeTone;
  children: ReactNode;
  testId?: string;
  title?: string;
}) {
  return (
    <span className={`badge badge--${tone}`} data-testid={testId} title={title}>
      {children}
    </span>
  );
}

/** Where a model would run: "Fits on GPU", "Partly offloaded", "CPU only", "Does not fit". */
export function FitBadge({ fit }: { fit: FitEstimate }) {
  const { label, tone } = fitBadge(fit.verdict);
  return (
    <Badge tone={tone} testId="fit-badge" title={fitSummary(fit)}>
      <span className="badge__dot" aria-hidden="true" />
      {label}
    </Badge>
  );
}
