import { Link } from 'react-router';
import { ADMIN_PAGES, pagesFor } from '../auth/nav-links';
import { useSession } from '../auth/SessionContext';

/** /admin: the admin pages this person's roles open, each with what it is for. */
export function AdminIndexPage() {
  const { identity } = useSession();
  const pages = identity === null ? [] : pagesFor(identity.grants, ADMIN_PAGES);
  return (
    <main className="admin">
      <h1>Admin</h1>
      {pages.length === 0 ? (
        <p>Your role does not include any admin page.</p>
      ) : (
        <ul className="admin-index">
          {pages.map((page) => (
            <li key={page.to}>
              {page.servedByServer ? <a href={page.to}>{page.label}</a> : <Link to={page.to}>{page.label}</Link>}
              <span className="admin-index__about"> {page.description}</span>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
