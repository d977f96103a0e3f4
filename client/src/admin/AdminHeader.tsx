import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** An admin page's way back to /admin, its title, and a line about what it is for. */
export function AdminHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="admin-header">
      <nav aria-label="Breadcrumb" className="admin-crumbs">
        <Link to="/admin">Admin</Link> <span aria-hidden="true">›</span> <span aria-current="page">{title}</span>
      </nav>
      <h1>{title}</h1>
      {children !== undefined && <p className="admin-header__about">{children}</p>}
    </header>
  );
}
