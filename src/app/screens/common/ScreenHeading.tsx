import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The screen's one h1. It takes focus when the screen appears, so keyboard and screen-reader
 * users start at the top of each new screen (logical focus order, WCAG 2.4.3).
 */
export function ScreenHeading({ children, id, className }: { readonly children: ReactNode; readonly id: string; readonly className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 id={id} ref={ref} tabIndex={-1} className={className ?? 'screen-heading'}>
      {children}
    </h1>
  );
}
