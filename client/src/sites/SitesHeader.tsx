/** The drill-down's title and its way back up (breadcrumbs as real links); other pages are in the session bar. */
import { Link } from 'react-router';

interface SitesHeaderProps {
  title: string;
  /** From the top: [label, link], the last one being where we are (no link). */
  trail: Array<{ label: string; to?: string }>;
}

export function SitesHeader({ title, trail }: SitesHeaderProps) {
  return (
    <header className="sites-header">
      <nav aria-label="Breadcrumb" className="sites-crumbs">
        <ol>
          {trail.map((step) => (
            <li key={step.label}>
              {step.to === undefined ? (
                <span aria-current="page">{step.label}</span>
              ) : (
                <Link to={step.to}>{step.label}</Link>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <h1 className="sites-header__title">{title}</h1>
    </header>
  );
}
