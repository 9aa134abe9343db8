import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The screen's one h1. It takes focus when the screen appears, so keyboard and screen-reader
 * users start at the top of each new screen (logical focus order, WCAG 2.4.3) — except where
 * the screen puts focus straight into its first field (`focusOnMount={false}`: entry screens).
 */
export function ScreenHeading({ children, id, className, focusOnMount = true }: { readonly children: ReactNode; readonly id: string; readonly className?: string; readonly focusOnMount?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);
  return (
    <h1 id={id} ref={ref} tabIndex={-1} className={className ?? 'screen-heading'}>
      {children}
    </h1>
  );
}
