import type { ReactNode } from 'react';

interface AccessNoticeProps {
  title: string;
  detail?: ReactNode;
  /** Links or buttons: what the person can do about it. */
  children?: ReactNode;
  /** Wall-screen size: read from 3 m. */
  wall?: boolean;
  /** `alert` when something was taken away (access ended), `status` otherwise. */
  role?: 'status' | 'alert';
}

/** A page-sized message in place of a screen that could only fail: why, in words, and what to do next. */
export function AccessNotice({ title, detail, children, wall = false, role = 'status' }: AccessNoticeProps) {
  return (
    <main className={wall ? 'access-notice access-notice--wall' : 'access-notice'}>
      <div className="access-notice__panel" role={role}>
        <h1 className="access-notice__title">{title}</h1>
        {detail !== undefined && <p className="access-notice__detail">{detail}</p>}
        {children !== undefined && <div className="access-notice__actions">{children}</div>}
      </div>
    </main>
  );
}
