import type { BedOnBoard, News2OnBoard } from '@wardflow/shared';
import { FittedCard } from './FittedCard';
import { ageLabel, bedStatusLabel, eddLabel, news2BandLabel } from './format';

/** How loudly a NEWS2 line speaks: `none` when the data is not current and risk colours are off. */
export type News2Tone = 'calm' | 'watch' | 'urgent' | 'none';

interface BedCardProps {
  bed: BedOnBoard;
  /** Estimated server time (epoch ms). */
  now: number;
  /** False when the data has expired: scores stay readable but lose their colour (CS-2). */
  riskColours: boolean;
  /** Labels of the beds whose patients share this patient's initials (CS-8). */
  sameInitialsBeds: string[];
}

/**
 * One bed, most important first: who, NEWS2 and whether it is overdue, then the warnings, then flow.
 * Every colour on the card repeats something already said in words (CS-9).
 */
export function BedCard({ bed, now, riskColours, sameInitialsBeds }: BedCardProps) {
  const patient = bed.patient;
  const news2 = patient?.news2 ?? null;
  const overdue = news2 !== null && now > Date.parse(news2.dueAt);
  const tone = news2 === null ? 'none' : news2Tone(news2, riskColours);
  const alert = !riskColours ? 'none' : overdue || tone === 'urgent' ? 'urgent' : tone === 'watch' ? 'watch' : 'none';

  if (patient === null) {
    return (
      <article className={`bed bed--${bed.status}`} aria-label={bed.label} data-alert="none">
        <div className="bed__top">
          <span className="bed__label">{bed.label}</span>
        </div>
        <div className="bed__empty">{bedStatusLabel(bed.status)}</div>
      </article>
    );
  }

  const edd = patient.expectedDischargeDate === null ? null : eddLabel(patient.expectedDischargeDate, now);
  const age = news2 === null ? '' : ageLabel(news2.observedAt, now);
  const contentKey = [JSON.stringify(patient), overdue, age, edd?.text, sameInitialsBeds.join(), riskColours].join('|');
  return (
    <FittedCard className={`bed bed--${bed.status} bed--alert-${alert}`} label={bed.label} alert={alert} contentKey={contentKey}>
      <div className="bed__top">
        <span className="bed__label">{bed.label}</span>
        {patient.initials === null ? (
          <span className="bed__status">{bedStatusLabel(bed.status)}</span>
        ) : (
          <span className="bed__initials">{patient.initials}</span>
        )}
      </div>
      {patient.dataErrors.length > 0 && (
        <div className="bed__data-error">
          <span className="tag tag--data-error">DATA ERROR</span> {patient.dataErrors[0]}
          {patient.dataErrors.length > 1 && ` (+${patient.dataErrors.length - 1})`}
        </div>
      )}
      {news2 === null ? (
        <div className="news2 news2--missing">No NEWS2 recorded</div>
      ) : (
        <>
          <div className="news2" data-tone={tone}>
            <span className={`news2__badge news2__badge--${tone}`}>
              <span className="news2__label">NEWS2</span> <span className="news2__score">{news2.score}</span>{' '}
              <span className="news2__band">{news2BandLabel(news2.band)}</span>
            </span>
          </div>
          <div className="news2__when">
            {age}
            {overdue && <span className={`tag ${riskColours ? 'tag--overdue' : 'tag--muted'}`}>OVERDUE</span>}
          </div>
        </>
      )}
      {sameInitialsBeds.length > 0 && (
        <div className="bed__same-initials">
          <span aria-hidden="true">⚠ </span>same initials as {sameInitialsBeds.join(', ')}
        </div>
      )}
      {(edd !== null || patient.onLeave || (patient.initials !== null && bed.status !== 'occupied')) && (
        <div className="bed__flow">
          {edd !== null && <span className={edd.past ? 'bed__edd bed__edd--past' : 'bed__edd'}>{edd.text}</span>}
          {patient.onLeave && <span className="tag tag--leave">On leave</span>}
          {patient.initials !== null && bed.status !== 'occupied' && (
            <span className="tag tag--muted">{bedStatusLabel(bed.status)}</span>
          )}
        </div>
      )}
    </FittedCard>
  );
}

function news2Tone(news2: News2OnBoard, riskColours: boolean): News2Tone {
  if (!riskColours) return 'none';
  switch (news2.band) {
    case 'high':
      return 'urgent';
    case 'medium':
    case 'low-medium':
      return 'watch';
    case 'low':
      return 'calm';
  }
}
