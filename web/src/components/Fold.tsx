import { useEffect, useState, type ReactNode } from 'react';

/**
 * On a phone a long card folds to its title bar and a tap on the title opens it; elsewhere the card
 * is left as it is. It wraps any antd Card (its own or another feature's), so the card's code does
 * not change for the phone.
 */
export function Fold({ enabled, defaultOpen = false, openOnHash, children, testId }: { enabled: boolean; defaultOpen?: boolean; openOnHash?: string; children: ReactNode; testId?: string }) {
  const [open, setOpen] = useState(defaultOpen);
  // A link to the section (…#lights) opens it, whenever the page turns into the phone layout.
  useEffect(() => {
    if (enabled && openOnHash && window.location.hash === openOnHash) setOpen(true);
  }, [enabled, openOnHash]);
  if (!enabled) return <>{children}</>;
  return (
    <div
      className={open ? 'fold fold-open' : 'fold fold-closed'}
      data-testid={testId}
      aria-expanded={open}
      onClick={(e) => {
        const target = e.target as HTMLElement;
        // The title bar toggles; a button or link among the card's extras does its own thing.
        if (target.closest('.ant-card-head') && !target.closest('.ant-card-extra, button, a, input, .ant-segmented, .ant-select')) setOpen(!open);
      }}
    >
      {children}
    </div>
  );
}
