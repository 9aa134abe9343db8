import type { ReactNode } from 'react';

/** A fold, closed by default, for what clerks rarely need: technical names, every check, the helper. */
export function DetailsFold({ summary, children, className, testId }: { readonly summary: ReactNode; readonly children: ReactNode; readonly className?: string; readonly testId?: string }) {
  return (
    <details className={`fold ${className ?? ''}`} {...(testId ? { 'data-testid': testId } : {})}>
      <summary className="fold-summary">{summary}</summary>
      <div className="fold-body">{children}</div>
    </details>
  );
}
