import type { ReactNode } from 'react';

interface ErrorBannerProps {
  /** What failed, as a lead-in: "Could not load the sessions:". */
  title: ReactNode;
  /** Why; nothing is shown while it is null. */
  error: string | null;
  /** Said after the reason (what is still on screen, say). */
  children?: ReactNode;
  className?: string;
}

/** A failed load or a server problem, announced at once (role alert): what failed, then why. */
export function ErrorBanner({ title, error, children, className = 'banner banner--error' }: ErrorBannerProps) {
  if (error === null) return null;
  return (
    <div className={className} role="alert">
      <strong>{title}</strong> {error}
      {children}
    </div>
  );
}
