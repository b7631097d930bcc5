import './ProgressBar.css';

/** A thin bar with a line of text above it; `value` is 0..1, or null while the total is unknown. */
export function ProgressBar({
  value,
  label,
  detail,
  testId,
}: {
  value: number | null;
  label: string;
  detail?: string;
  testId?: string;
}) {
  return (
    <div className="progress" data-testid={testId}>
      <div className="progress__text">
        <span>{label}</span>
        {detail ? <span className="progress__detail">{detail}</span> : null}
      </div>
      {value === null ? (
        <progress className="progress__bar" aria-label={label} />
      ) : (
        <progress className="progress__bar" max={1} value={Math.min(1, Math.max(0, value))} aria-label={label} />
      )}
    </div>
  );
}
