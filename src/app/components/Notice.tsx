import type { ReactNode } from 'react';

/** A message box: errors are announced at once (role=alert), the rest politely. */
export function Notice({
  kind,
  children,
  testId,
}: {
  readonly kind: 'error' | 'warning' | 'info' | 'success';
  readonly children: ReactNode;
  readonly testId?: string;
}) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </div>
  );
}
