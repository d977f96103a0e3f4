import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

interface FittedCardProps {
  className: string;
  label: string;
  alert: string;
  /** Changes whenever what the card says changes, so it is measured again then and only then. */
  contentKey: string;
  children: ReactNode;
}

type Fit = 'large' | 'dense' | 'clipped';

/**
 * A card should never clip what it says. When a patient has everything at once (a warning, a wrapped
 * band, an EDD and leave) and the card overflows, it steps down to a denser type scale before the
 * screen is painted; in the rare case that is still too much, it says that something is cut off
 * rather than hiding it silently. Most cards never need either, so the usual case keeps the largest type.
 */
export function FittedCard({ className, label, alert, contentKey, children }: FittedCardProps) {
  const ref = useRef<HTMLElement>(null);
  const [fit, setFit] = useState<Fit>('large');
  const [viewport, setViewport] = useState(0);

  useEffect(() => {
    const onResize = () => setViewport((n) => n + 1);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  useLayoutEffect(() => {
    const card = ref.current;
    if (card === null) return;
    const rendered = card.className;
    // Text running into the bottom padding is still fully readable; only beyond it is anything lost.
    const overflowsWith = (classes: string) => {
      card.className = classes;
      return card.scrollHeight > card.clientHeight + parseFloat(getComputedStyle(card).paddingBottom);
    };
    const next: Fit = !overflowsWith(className)
      ? 'large'
      : !overflowsWith(`${className} bed--dense`)
        ? 'dense'
        : 'clipped';
    card.className = rendered;
    setFit(next);
  }, [className, contentKey, viewport]);

  const fitted =
    fit === 'large' ? className : fit === 'dense' ? `${className} bed--dense` : `${className} bed--dense bed--clipped`;
  return (
    <article ref={ref} className={fitted} aria-label={label} data-alert={alert}>
      {children}
      {fit === 'clipped' && <span className="bed__more">▼ more</span>}
    </article>
  );
}
