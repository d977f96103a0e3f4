import type { UnplacedPatient } from '@wardflow/shared';

interface UnplacedNoticeProps {
  unplaced: UnplacedPatient[];
  /** Bed-only wards show no initials; the notice then counts patients without naming them. */
  showInitials: boolean;
}

/**
 * Inpatients the FHIR data could not put in a bed. They are on the ward, so they are on the screen:
 * a patient must never vanish from the board because their record is incomplete.
 */
export function UnplacedNotice({ unplaced, showInitials }: UnplacedNoticeProps) {
  if (unplaced.length === 0) return null;
  const heading = `${unplaced.length} patient${unplaced.length === 1 ? '' : 's'} on this ward not shown in a bed`;
  return (
    <div className="banner banner--data" role="status">
      <span className="tag tag--data-error">DATA ERROR</span> <strong>{heading}:</strong>{' '}
      {unplaced.map(({ patient, reason }, i) => (
        <span key={patient.encounterId} className="unplaced__item">
          {i > 0 && '; '}
          {showInitials && patient.initials !== null ? `${patient.initials} ` : ''}({reason})
        </span>
      ))}
    </div>
  );
}
