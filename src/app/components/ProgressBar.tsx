/** A labelled progress bar; `max` 0 shows an indeterminate bar. */
export function ProgressBar({
  label,
  value,
  max,
  detail,
}: {
  readonly label: string;
  readonly value: number;
  readonly max: number;
  readonly detail?: string;
}) {
  const fraction = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  return (
    <div className="progress">
      <div className="progress-label">
        <span>{label}</span>
        {detail && <span className="progress-detail">{detail}</span>}
      </div>
      <div
        className={`progress-track${max > 0 ? '' : ' indeterminate'}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max > 0 ? max : undefined}
        aria-valuenow={max > 0 ? value : undefined}
      >
        <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}
