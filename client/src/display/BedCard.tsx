import {
  arrivalWords,
  observationsDue,
  readinessLine,
  vteAt,
  type BedOnBoard,
  type News2OnBoard,
  type PatientOnBoard,
} from '@wardflow/shared';
import { memo } from 'react';
import { FittedCard } from './FittedCard';
import {
  ageLabel,
  baySexLabel,
  bedStatusLabel,
  eddLabel,
  glucoseLabel,
  isolationLabel,
  cardClockLabel,
  mhaItems,
  type MhaItem,
  news2BandLabel,
  observationLevelLabel,
  overdueDelayLabels,
  sinceLabel,
} from './format';

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

/** How loudly a flag on the card speaks; `attention` and `urgent` lose their colour when the data has expired. */
type FlagTone = 'urgent' | 'attention' | 'quiet' | 'neutral';

interface CardFlag {
  text: string;
  tone: FlagTone;
  kind: string;
}

/**
 * One bed, most important first: who, AWOL, NEWS2 and whether it is overdue, then the clinical flags,
 * the warnings, then flow.
 * Every colour on the card repeats something already said in words (CS-9).
 */
export const BedCard = memo(BedCardView, (a, b) => cardKey(a) === cardKey(b));

/**
 * Everything a card shows, as one string: the bed and patient as sent, and the words that depend on
 * the time (NEWS2 age and overdue, expected discharge, AWOL since, Mental Health Act deadlines). The screen re-renders every few
 * seconds and on every update, but a card whose key is unchanged is not drawn again, so an update
 * touching a few beds costs a few cards, not the ward.
 */
function cardKey({ bed, now, riskColours, sameInitialsBeds }: BedCardProps): string {
  const patient = bed.patient;
  if (patient === null)
    return bed.heldFor === undefined ? JSON.stringify(bed) : `${JSON.stringify(bed)}|${heldWords(bed.heldFor, now)}`;
  const news2 = patient.news2;
  return [
    JSON.stringify(bed),
    observationsDue(patient, now).overdue,
    news2 === null ? '' : ageLabel(news2.observedAt, now),
    patient.expectedDischargeDate === null ? '' : eddLabel(patient.expectedDischargeDate, now).text,
    readinessLine(patient.discharge, now, 'card') ?? '',
    JSON.stringify(vteAt(patient.vte, now)),
    patient.awol === null ? '' : sinceLabel(patient.awol.since, now),
    patient.mentalHealthAct === null
      ? ''
      : mhaItems(patient.mentalHealthAct, now).map((i) => `${i.tone}:${i.text}:${i.detail ?? ''}`),
    sameInitialsBeds.join(),
    riskColours,
  ].join('|');
}

/** A held bed's words: "from ED 14:30" (an arrival with no source: "for an admission 14:30"). */
function heldWords(held: NonNullable<BedOnBoard['heldFor']>, now: number): string {
  const words = arrivalWords({ ...held, late: false }, now);
  return held.from === null ? `for ${held.kind === 'transfer' ? 'a' : 'an'} ${words}` : words;
}

/** "Bed 3, Bay A" for screen readers; the bay or room is what staff say when the ward has them. */
function placeOf(bed: BedOnBoard): string {
  return bed.area === undefined || bed.area === null ? bed.label : `${bed.label}, ${bed.area}`;
}

/** "Bay A · Female": the bay or room, and whom it is for where the ward records it. */
function areaText(bed: BedOnBoard): string | null {
  const sex = bed.areaSex ?? null;
  const area = bed.area ?? null;
  if (sex === null) return area;
  return area === null ? baySexLabel(sex) : `${area} · ${baySexLabel(sex)}`;
}

/** The bed's name, with its bay or side room (and whom it is for) beside it in smaller type. */
function BedLabel({ bed }: { bed: BedOnBoard }) {
  const area = areaText(bed);
  return (
    <span className="bed__place">
      <span className="bed__label">{bed.label}</span>
      {area !== null && <span className="bed__area">{area}</span>}
    </span>
  );
}

function BedCardView({ bed, now, riskColours, sameInitialsBeds }: BedCardProps) {
  const patient = bed.patient;
  const news2 = patient?.news2 ?? null;
  const schedule = patient?.observations ?? null;
  // The patient's own plan decides (observation-plans.ts): stopped is never overdue, a refusal restarts the clock.
  const due = patient === null ? null : observationsDue(patient, now);
  const overdue = due !== null && due.overdue && (news2 !== null || schedule?.notDone != null);
  const tone = news2 === null ? 'none' : news2Tone(news2, riskColours);
  const awol = patient?.awol ?? null;
  // Worked out once per render: the alert, the flags and the late-return line all read it.
  const mha = patient?.mentalHealthAct == null ? [] : mhaItems(patient.mentalHealthAct, now);
  const mhaUrgent = mha.some((i) => i.tone === 'urgent');
  const alert = !riskColours
    ? 'none'
    : awol !== null || overdue || tone === 'urgent' || mhaUrgent
      ? 'urgent'
      : tone === 'watch'
        ? 'watch'
        : 'none';

  if (patient === null) {
    return (
      <article className={`bed bed--${bed.status}`} aria-label={placeOf(bed)} data-alert="none">
        <div className="bed__top">
          <BedLabel bed={bed} />
        </div>
        <div className={`bed__empty${bedStatusLabel(bed.status).length > 10 ? ' bed__empty--long' : ''}`}>
          {bedStatusLabel(bed.status)}
        </div>
        {bed.status === 'unknown' && <div className="bed__empty-note">Check the bed state in the PAS</div>}
        {bed.heldFor !== undefined && (
          <div className="bed__held" data-testid="bed-held">
            Held {heldWords(bed.heldFor, now)}
          </div>
        )}
      </article>
    );
  }

  // "Ready since Mon (2 days), pathway 1, awaiting care package": who could leave, and what holds them.
  // It says more than the expected date, which it replaces on the card (the drill-down keeps both).
  const ready = readinessLine(patient.discharge, now, 'card');
  const edd =
    patient.expectedDischargeDate === null || ready !== null ? null : eddLabel(patient.expectedDischargeDate, now);
  const age = news2 === null ? '' : ageLabel(news2.observedAt, now);
  const awolSince = awol === null ? null : sinceLabel(awol.since, now);
  const flags = clinicalFlags(patient, mha, now);
  const lateBack = mha.find((item) => item.kind === 'mha-leave' && item.tone === 'urgent') ?? null;
  const onSection17 = patient.mentalHealthAct?.leave?.onLeave === true;
  const flowWarnings = flowWarningsOf(patient, now);
  // Not yet assessed and still within the 14 hours: when it is due, quietly.
  const vteDueAt = vteAt(patient.vte, now)?.assessment === 'due' ? (patient.vte?.assessment.dueAt ?? null) : null;
  const contentKey = [
    JSON.stringify(patient),
    overdue,
    age,
    edd?.text,
    ready,
    JSON.stringify(vteAt(patient.vte, now)),
    awolSince,
    mha.map((i) => `${i.tone}:${i.text}:${i.detail ?? ''}`).join(),
    sameInitialsBeds.join(),
    riskColours,
  ].join('|');
  const colour = (flagTone: FlagTone) =>
    riskColours || flagTone === 'quiet' || flagTone === 'neutral' ? `tag--${flagTone}` : 'tag--muted';
  return (
    <FittedCard
      className={`bed bed--${bed.status} bed--alert-${alert}`}
      label={placeOf(bed)}
      alert={alert}
      contentKey={contentKey}
    >
      <div className="bed__top">
        <BedLabel bed={bed} />
        {patient.initials === null ? (
          <span className="bed__status">{bedStatusLabel(bed.status)}</span>
        ) : (
          <span className="bed__initials">{patient.initials}</span>
        )}
      </div>
      {awol !== null && (
        <div className={`bed__awol ${riskColours ? 'bed__awol--urgent' : 'bed__awol--muted'}`}>
          <span className="bed__awol-word">AWOL</span>
          {awolSince !== null && <span className="bed__awol-since">{awolSince}</span>}
        </div>
      )}
      {lateBack !== null && (
        <div className={`bed__awol ${riskColours ? 'bed__awol--urgent' : 'bed__awol--muted'}`}>
          <span className="bed__awol-word">{lateBack.text}</span>
          {lateBack.detail !== undefined && <span className="bed__awol-since">{lateBack.detail}</span>}
        </div>
      )}
      {patient.dataErrors.length > 0 && (
        <div className="bed__data-error">
          <span className="tag tag--data-error">DATA ERROR</span> {patient.dataErrors[0]}
          {patient.dataErrors.length > 1 && ` (+${patient.dataErrors.length - 1})`}
        </div>
      )}
      {news2 === null ? (
        <div className="news2 news2--missing">
          {schedule?.basis === 'stopped'
            ? 'Obs stopped'
            : schedule?.notDone != null
              ? notDoneText(schedule.notDone, now)
              : 'No NEWS2 recorded'}
          {overdue && <span className={`tag ${riskColours ? 'tag--overdue' : 'tag--muted'}`}>OVERDUE</span>}
        </div>
      ) : (
        <>
          <div className="news2" data-tone={tone}>
            <span className={`news2__badge news2__badge--${tone}`}>
              <span className="news2__label">NEWS2</span> <span className="news2__score">{news2.score}</span>{' '}
              <span className="news2__band">{news2BandLabel(news2.band)}</span>
            </span>
          </div>
          <div className="news2__when">
            {news2.anySingleParameterScored3 && <span className="news2__note news2__note--single3">single 3</span>}
            {news2.source === 'computed' && <span className="news2__note">(calc)</span>}
            {age}
            {overdue && <span className={`tag ${riskColours ? 'tag--overdue' : 'tag--muted'}`}>OVERDUE</span>}
          </div>
          {schedule?.basis === 'stopped' && (
            <div className="news2__plan">
              Obs stopped{schedule.plan?.reason == null ? '' : `: ${schedule.plan.reason}`}
            </div>
          )}
          {schedule?.notDone != null && (
            <div className="news2__plan">
              {notDoneText(schedule.notDone, now)}
              {!overdue && schedule.dueAt !== null && `, due ${cardClockLabel(schedule.dueAt, now)}`}
            </div>
          )}
        </>
      )}
      {flags.length > 0 && (
        <div className="bed__flags">
          {flags.map((flag) => (
            <span key={flag.kind} className={`tag bed__flag bed__flag--${flag.kind} ${colour(flag.tone)}`}>
              {flag.text}
            </span>
          ))}
        </div>
      )}
      {bed.sexMismatch === true && bed.areaSex !== undefined && bed.areaSex !== null && (
        <div className={riskColours ? 'bed__late' : 'bed__late bed__late--muted'}>
          <span aria-hidden="true">⚠ </span>Mixed-sex: bay is {baySexLabel(bed.areaSex).toLowerCase()}
        </div>
      )}
      {sameInitialsBeds.length > 0 && (
        <div className="bed__same-initials">
          <span aria-hidden="true">⚠ </span>same initials as {sameInitialsBeds.join(', ')}
        </div>
      )}
      {ready !== null && <div className="bed__ready">{ready}</div>}
      {(edd !== null ||
        vteDueAt !== null ||
        (patient.onLeave && !onSection17) ||
        flowWarnings.length > 0 ||
        (patient.initials !== null && bed.status !== 'occupied')) && (
        <div className="bed__flow">
          {edd !== null && <span className={edd.past ? 'bed__edd bed__edd--past' : 'bed__edd'}>{edd.text}</span>}
          {vteDueAt !== null && <span className="tag tag--quiet">VTE due {cardClockLabel(vteDueAt, now)}</span>}
          {patient.onLeave && !onSection17 && <span className="tag tag--leave">On leave</span>}
          {patient.initials !== null && bed.status !== 'occupied' && (
            <span className="tag tag--muted">{bedStatusLabel(bed.status)}</span>
          )}
          {flowWarnings.map((text) => (
            <span key={text} className={riskColours ? 'bed__late' : 'bed__late bed__late--muted'}>
              {text}
            </span>
          ))}
        </div>
      )}
    </FittedCard>
  );
}

/** Clinical flags in the order a nurse acts on them: watch level, low glucose, falls, then legal status. */
function clinicalFlags(patient: PatientOnBoard, mha: readonly MhaItem[], now: number): CardFlag[] {
  const flags: CardFlag[] = [];
  // Isolation first: it decides how anyone goes through the door. Absent on boards stored before it was read.
  const infection = patient.infection ?? null;
  if (infection?.isolation != null)
    flags.push({ kind: 'isolation', text: isolationLabel(infection.isolation.kind), tone: 'attention' });
  const obs = patient.observationLevel === null ? null : observationLevelLabel(patient.observationLevel.level);
  if (obs !== null)
    flags.push({
      kind: 'obs',
      text: obs,
      tone: patient.observationLevel?.level === 'intermittent' ? 'quiet' : 'attention',
    });
  // The assessment calls for a blood thinner and none is prescribed (M-BRACE): said as a flag to act on.
  if (vteAt(patient.vte, now)?.prophylaxisMissing === true)
    flags.push({ kind: 'vte', text: 'VTE: no prophylaxis', tone: 'attention' });
  if (patient.glucose?.low === true)
    flags.push({ kind: 'glucose', text: glucoseLabel(patient.glucose.mmolPerL), tone: 'attention' });
  const falls = patient.fallsRisk;
  if (falls !== null && (falls.flagged || falls.level === 'high'))
    flags.push({ kind: 'falls', text: 'Falls risk', tone: 'attention' });
  else if (falls?.level === 'moderate') flags.push({ kind: 'falls', text: 'Falls moderate', tone: 'quiet' });
  if (infection !== null && infection.alerts.length > 0)
    flags.push({
      kind: 'infection',
      text: infection.alerts.map((a) => a.label).join(', '),
      tone: infection.isolation === null ? 'quiet' : 'attention',
    });
  // The late return is said above the flags, loud, like AWOL; a section ending today or lapsed comes
  // straight after isolation, so a crowded card never pushes it out of sight.
  const urgent = mha.filter((item) => item.tone === 'urgent' && item.kind !== 'mha-leave');
  flags.splice(infection?.isolation != null ? 1 : 0, 0, ...urgent);
  flags.push(...mha.filter((item) => item.tone !== 'urgent'));
  return flags;
}

/**
 * "Refused 08:10" / "Not done 02:00": a set recorded as not done, under the NEWS2 it follows. Short,
 * so with ", due 12:10" it keeps to one line of the card (the drill-down and huddle say it in full).
 */
function notDoneText(notDone: { at: string; reason: 'refused' | 'not-appropriate' }, now: number): string {
  return `${notDone.reason === 'refused' ? 'Refused' : 'Not done'} ${cardClockLabel(notDone.at, now)}`;
}

/** Flow items that have gone past their time; items still in time stay off the wall. */
function flowWarningsOf(patient: PatientOnBoard, now: number): string[] {
  const warnings = patient.carePlanReview?.overdue === true ? ['Care plan review overdue'] : [];
  // Due within the 14 hours of admission (NICE NG89): overdue is a warning like any key assessment's.
  if (vteAt(patient.vte, now)?.assessment === 'overdue') warnings.unshift('VTE assessment overdue');
  // Boards stored before assessments were read have none: nothing is known to be overdue.
  const assessments = (patient.assessments ?? []).filter((a) => a.state === 'overdue').map((a) => `${a.label} overdue`);
  return [...assessments, ...warnings, ...overdueDelayLabels(patient.delays)];
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
