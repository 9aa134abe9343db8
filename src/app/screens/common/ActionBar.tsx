import type { ReactNode } from 'react';

/**
 * The step's actions, kept in view: the bar sticks to the bottom of the screen while the rest
 * scrolls, so the primary action (first child, the only `button-primary`) is always on screen
 * at 1280×800 and 800×1280 (issue 11 §3).
 */
export function ActionBar({ children, label }: { readonly children: ReactNode; readonly label?: string }) {
  return (
    <div className="action-bar" role="group" {...(label ? { 'aria-label': label } : {})} data-testid="action-bar">
      <div className="action-bar-inner">{children}</div>
    </div>
  );
}
