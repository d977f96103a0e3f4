/**
 * Every ward-board field about one patient, in full words (the wall's bed card has room for short
 * labels only). Attention colour only beside words, and off when the data is not current (CS-2, CS-9).
 */
import {
  DISCHARGE_DELAY_REASON_TEXT,
  DISCHARGE_PATHWAY_TEXT,
  dischargeReadinessAt,
  formatLondonDay,
  londonNoon,
  observationsDue,
  vteAt,
  type DischargeReadinessOnBoard,
  type VteOnBoard,
  type ObservationScheduleOnBoard,
  type PatientOnBoard,
} from '@wardflow/shared';
import type { ReactNode } from 'react';
import {
  ageLabel,
  eddLabel,
  isolationLabel,
  londonDayTimeOf,
  mentalHealthActLabel,
  news2BandLabel,
  overdueDelayLabels,
  sinceLabel,
  whenLabel,
} from '../display/format';
import { fallsRiskText, observationLevelText } from './patient-format';

interface BoardFieldsProps {
  patient: PatientOnBoard;
  /** Estimated server time (epoch ms). */
  now: number;
  riskColours: boolean;
}

const ASSESSMENT_STATE: Record<PatientOnBoard['assessments'][number]['state'], string> = {
  overdue: 'Overdue',
  'due-soon': 'Due soon',
  'in-time': 'In time',
  unknown: 'Not known (never done, admission time unknown)',
};

const DELAY_KIND = { transport: 'Transport', discharge: 'Discharge', assessment: 'Assessment', other: 'Task' } as const;

export function BoardFields({ patient, now, riskColours }: BoardFieldsProps) {
  const flag = (text: string) => (
    <span className={riskColours ? 'patient__flag' : 'patient__flag patient__flag--muted'}>{text}</span>
  );
  const news2 = patient.news2;
  const due = observationsDue(patient, now);
  const overdue = news2 !== null && due.overdue;
  const edd = patient.expectedDischargeDate === null ? null : eddLabel(patient.expectedDischargeDate, now);
  const rows: Array<[string, ReactNode]> = [
    [
      'NEWS2',
      news2 === null ? (
        'No NEWS2 recorded'
      ) : (
        <>
          <strong>
            {news2.score} {news2BandLabel(news2.band)}
          </strong>
          {news2.anySingleParameterScored3 && ' (a single parameter scored 3)'} ·{' '}
          {news2.source === 'reported' ? 'reported' : 'calculated from observations'} · observed{' '}
          {londonDayTimeOf(news2.observedAt)} ({ageLabel(news2.observedAt, now)})
          {due.dueAt !== null && ` · next due ${londonDayTimeOf(due.dueAt)}`} {overdue && flag('OVERDUE')}
        </>
      ),
    ],
    ...observationPlanRows(patient.observations ?? null, now, due.overdue, flag),
    [
      'Observation level',
      patient.observationLevel === null
        ? 'Not recorded'
        : `${observationLevelText(patient.observationLevel.level)}, ${sinceLabel(patient.observationLevel.since, now) ?? 'since an unrecorded time'}`,
    ],
    [
      'Mental Health Act',
      patient.mentalHealthAct === null ? (
        'None recorded'
      ) : (
        <>
          <strong>{mentalHealthActLabel(patient.mentalHealthAct)}</strong> ({patient.mentalHealthAct.label})
          {patient.mentalHealthAct.since !== null && `, ${sinceLabel(patient.mentalHealthAct.since, now) ?? ''}`}
        </>
      ),
    ],
    ...mentalHealthActRows(patient, now, flag),
    [
      'Isolation',
      patient.infection?.isolation == null ? (
        'Not required'
      ) : (
        <>
          {flag(isolationLabel(patient.infection.isolation.kind))}{' '}
          {sinceLabel(patient.infection.isolation.since, now) ?? 'since an unrecorded time'}
        </>
      ),
    ],
    [
      'Infection alerts',
      (patient.infection?.alerts ?? []).length === 0 ? (
        'None recorded'
      ) : (
        <ul className="patient__list">
          {(patient.infection?.alerts ?? []).map((a) => (
            <li key={a.id}>
              <strong>{a.label}</strong>, {sinceLabel(a.since, now) ?? 'since an unrecorded time'}
            </li>
          ))}
        </ul>
      ),
    ],
    [
      'Falls risk',
      <>
        {fallsRiskText(patient.fallsRisk)}
        {patient.fallsRisk?.assessedAt != null && `, assessed ${londonDayTimeOf(patient.fallsRisk.assessedAt)}`}
      </>,
    ],
    [
      'Glucose',
      patient.glucose === null ? (
        'No reading'
      ) : (
        <>
          {patient.glucose.mmolPerL.toFixed(1)} mmol/L {patient.glucose.low && flag('LOW')} at{' '}
          {londonDayTimeOf(patient.glucose.observedAt)}
        </>
      ),
    ],
    [
      'Absent without leave',
      patient.awol === null ? (
        'No'
      ) : (
        <>
          {flag('AWOL')} {sinceLabel(patient.awol.since, now) ?? 'since an unrecorded time'}
        </>
      ),
    ],
    ['On leave', patient.onLeave ? 'Yes' : 'No'],
    ['Admitted', patient.admittedAt === null ? 'Not recorded' : londonDayTimeOf(patient.admittedAt)],
    ['Expected discharge', edd === null ? 'Not set' : edd.past ? flag(edd.text) : edd.text],
    ...(patient.vte == null ? [] : vteRows(patient.vte, now, flag)),
    ['Discharge readiness', readinessText(patient.discharge ?? null, now, flag)],
    [
      'Discharge pathway',
      patient.discharge?.pathway == null
        ? 'Not recorded'
        : `Pathway ${patient.discharge.pathway}: ${DISCHARGE_PATHWAY_TEXT[patient.discharge.pathway]}`,
    ],
    [
      'Reasons for delay',
      (patient.discharge?.delayReasons ?? []).length === 0 ? (
        patient.discharge?.status === 'not-ready' ? (
          'Not ready, so none'
        ) : (
          'None recorded'
        )
      ) : (
        <ul className="patient__list">
          {(patient.discharge?.delayReasons ?? []).map((r) => (
            <li key={r.reason ?? `local:${r.text}`}>
              {r.reason === null
                ? `${r.text} (local code, not mapped to the national list)`
                : DISCHARGE_DELAY_REASON_TEXT[r.reason].label}
            </li>
          ))}
        </ul>
      ),
    ],
    [
      'Care plan review',
      patient.carePlanReview === null ? (
        'None due'
      ) : (
        <>
          Due {londonDayTimeOf(patient.carePlanReview.dueAt)} {patient.carePlanReview.overdue && flag('OVERDUE')}
        </>
      ),
    ],
    [
      'Key assessments',
      (patient.assessments ?? []).length === 0 ? (
        'None recorded'
      ) : (
        <ul className="patient__list">
          {patient.assessments.map((a) => (
            <li key={a.id}>
              {a.label}: {a.state === 'overdue' ? flag(ASSESSMENT_STATE[a.state]) : ASSESSMENT_STATE[a.state]}
              {a.lastDoneAt !== null ? `; last done ${londonDayTimeOf(a.lastDoneAt)}` : '; never done'}
              {a.dueAt !== null && `; due ${londonDayTimeOf(a.dueAt)}`}
            </li>
          ))}
        </ul>
      ),
    ],
    [
      'Delays',
      patient.delays.length === 0 ? (
        'None open'
      ) : (
        <ul className="patient__list">
          {patient.delays.map((d, i) => (
            <li key={`${d.description}-${i}`}>
              {d.overdue ? flag(overdueDelayLabels([d])[0] ?? 'Overdue') : DELAY_KIND[d.kind ?? 'other']}:{' '}
              {d.description}
              {d.dueAt !== null && ` (due ${londonDayTimeOf(d.dueAt)})`}
            </li>
          ))}
        </ul>
      ),
    ],
    [
      'Data errors',
      patient.dataErrors.length === 0 ? (
        'None'
      ) : (
        <ul className="patient__list">
          {patient.dataErrors.map((e) => (
            <li key={e}>
              <span className="tag tag--data-error">DATA ERROR</span> {e}
            </li>
          ))}
        </ul>
      ),
    ],
  ];
  return (
    <dl className="patient__fields">
      {rows.map(([label, value]) => (
        <div key={label} className="patient__field">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The Mental Health Act deadlines in full words, one row each, when the board has the section with its dates. */
const PLAN_SOURCE = {
  'care-plan': 'care plan',
  'service-request': 'observation order',
  observation: 'recorded frequency',
} as const;

/** "every 24 h", "every 30 min", "every 7 days". */
function everyText(minutes: number): string {
  if (minutes % (24 * 60) === 0) return minutes === 24 * 60 ? 'every 24 h' : `every ${minutes / (24 * 60)} days`;
  return minutes % 60 === 0 ? `every ${minutes / 60} h` : `every ${minutes} min`;
}

/** The patient's observation plan and any set not done, with where the interval comes from. */
function observationPlanRows(
  schedule: ObservationScheduleOnBoard | null,
  now: number,
  overdue: boolean,
  flag: (text: string) => ReactNode,
): Array<[string, ReactNode]> {
  if (schedule === null) return [];
  const plan = schedule.plan;
  const recorded = plan?.recordedAt == null ? '' : `, recorded ${londonDayTimeOf(plan.recordedAt)}`;
  let planText: ReactNode;
  if (plan === null) planText = 'None recorded: the NEWS2 interval for the score applies';
  else if (plan.problem !== undefined)
    planText = (
      <>
        {flag('UNREADABLE')} {`${PLAN_SOURCE[plan.source]} (${plan.problem}): the NEWS2 interval applies`}
      </>
    );
  else if (plan.stopped)
    planText = (
      <>
        <strong>Observations stopped</strong>
        {plan.reason !== null && `: ${plan.reason}`} ({PLAN_SOURCE[plan.source]}
        {recorded})
      </>
    );
  else
    planText = `${everyText(plan.everyMinutes ?? 0)} (${PLAN_SOURCE[plan.source]}${recorded})${
      schedule.basis === 'national-over-plan' && schedule.everyMinutes !== null
        ? `; the score calls for ${everyText(schedule.everyMinutes)}, which applies`
        : ''
    }`;
  const rows: Array<[string, ReactNode]> = [['Observation plan', planText]];
  const notDone = schedule.notDone;
  if (notDone !== null)
    rows.push([
      'Last set not done',
      <>
        {notDone.reason === 'refused' ? 'Refused' : 'Not appropriate'} {londonDayTimeOf(notDone.at)} (
        {ageLabel(notDone.at, now)}){notDone.note !== null && `: ${notDone.note}`}
        {schedule.dueAt !== null && ` · next due ${londonDayTimeOf(schedule.dueAt)}`} {overdue && flag('OVERDUE')}
      </>,
    ]);
  return rows;
}

function mentalHealthActRows(
  patient: PatientOnBoard,
  now: number,
  flag: (text: string) => ReactNode,
): Array<[string, ReactNode]> {
  const mha = patient.mentalHealthAct;
  // Informal patients, hidden sections, and boards stored before the dates were read: nothing more to say.
  if (mha === null || mha.since === null || mha.expiresAt === undefined) return [];
  const past = (iso: string | null | undefined) => iso != null && Date.parse(iso) <= now;
  const rows: Array<[string, ReactNode]> = [];
  rows.push([
    'Section ends',
    mha.expiresAt === null ? (
      'No end recorded'
    ) : mha.lapsed === true ? (
      <>
        {flag('LAPSED')} ended {londonDayTimeOf(mha.expiresAt)}; no renewal recorded
      </>
    ) : (
      <>
        {londonDayTimeOf(mha.expiresAt)} ({whenLabel(mha.expiresAt, now)})
        {past(mha.expiryWarnFrom) && <> {flag('RENEWAL DUE')}</>}
      </>
    ),
  ]);
  if (mha.rights != null)
    rows.push([
      'Section 132 rights',
      <>
        {mha.rights.lastGivenAt === null ? 'Not recorded as given' : `Given ${londonDayTimeOf(mha.rights.lastGivenAt)}`}
        {mha.rights.dueAt !== null && (
          <>
            {' '}
            · {mha.rights.lastGivenAt === null ? 'due' : 'due again'} {londonDayTimeOf(mha.rights.dueAt)}{' '}
            {past(mha.rights.dueAt) && flag('OVERDUE')}
          </>
        )}
      </>,
    ]);
  const leave = mha.leave ?? null;
  rows.push([
    'Section 17 leave',
    leave === null ? (
      'None authorised or taken'
    ) : (
      <>
        {leave.authorised
          ? `Authorised${leave.authorisedUntil === null ? '' : ` until ${londonDayTimeOf(leave.authorisedUntil)}`}`
          : 'No authorisation in force'}
        {leave.onLeave && (
          <>
            {' '}
            · on leave {leave.onLeaveSince === null ? '' : `since ${londonDayTimeOf(leave.onLeaveSince)}`}
            {leave.expectedBackAt !== null && `, due back ${londonDayTimeOf(leave.expectedBackAt)}`}{' '}
            {past(leave.expectedBackAt) && flag('RETURN OVERDUE')}
          </>
        )}
      </>
    ),
  ]);
  if (mha.consentToTreatmentDueAt != null)
    rows.push(['Section 58 three-month date', londonDayTimeOf(mha.consentToTreatmentDueAt)]);
  if (mha.hearing != null)
    rows.push([
      'Next hearing',
      `${mha.hearing.kind === 'tribunal' ? 'Tribunal' : 'Hospital managers’ hearing'} ${londonDayTimeOf(mha.hearing.at)}`,
    ]);
  return rows;
}

/**
 * "Ready since Sat 5 Dec (2 days): no longer meets the criteria to reside, reviewed Mon 09:10" or "Not
 * ready: still meets the criteria to reside". A delay of a day or more is flagged.
 */
function readinessText(
  readiness: DischargeReadinessOnBoard | null,
  now: number,
  flag: (text: string) => ReactNode,
): ReactNode {
  if (readiness === null || readiness.status === null) return 'Not recorded';
  const reviewed = readiness.reviewedAt === null ? '' : `, reviewed ${londonDayTimeOf(readiness.reviewedAt)}`;
  if (readiness.status === 'not-ready') return `Not ready: still meets the criteria to reside${reviewed}`;
  const { daysSinceReady } = dischargeReadinessAt({ discharge: readiness, delays: [] }, now);
  const day =
    readiness.readyDate === null ? 'an unrecorded day' : formatLondonDay(londonNoon(readiness.readyDate).toISOString());
  if (daysSinceReady === null) return `Ready from ${day}${reviewed}`;
  const since =
    daysSinceReady === 0
      ? `Ready today (${day})`
      : `Ready since ${day} (${daysSinceReady} day${daysSinceReady === 1 ? '' : 's'})`;
  return (
    <>
      {daysSinceReady >= 1 ? flag(since) : since}: no longer meets the criteria to reside{reviewed}
    </>
  );
}

const VTE_OUTCOME: Record<NonNullable<VteOnBoard['outcome']>, string> = {
  indicated: 'Prophylaxis indicated',
  'not-indicated': 'Prophylaxis not indicated',
  contraindicated: 'Prophylaxis contraindicated (bleeding risk)',
};

/** The VTE assessment (due within 14 hours of admission), what it concluded, and the prophylaxis prescribed. */
function vteRows(vte: VteOnBoard, now: number, flag: (text: string) => ReactNode): Array<[string, ReactNode]> {
  const state = vteAt(vte, now);
  const due = vte.assessment.dueAt === null ? null : londonDayTimeOf(vte.assessment.dueAt);
  const done = vte.assessment.doneAt === null ? null : londonDayTimeOf(vte.assessment.doneAt);
  const assessment: ReactNode =
    state?.assessment === 'done' ? (
      `Done ${done ?? ''}, in time (due by ${due ?? 'an unknown time'})`
    ) : state?.assessment === 'done-late' ? (
      <>
        {flag('LATE')} done {done ?? ''}, due by {due ?? 'an unknown time'}
      </>
    ) : state?.assessment === 'overdue' ? (
      <>
        {flag('OVERDUE')} due by {due ?? ''}
      </>
    ) : state?.assessment === 'due' ? (
      `Not yet done: due by ${due ?? ''}`
    ) : (
      'Not done, and when it is due is not known (admission time unknown)'
    );
  const prophylaxis: ReactNode =
    vte.prophylaxisNotRead === true
      ? 'Not read: this trust’s FHIR server does not offer prescriptions'
      : vte.prophylaxis !== null
        ? `${vte.prophylaxis.medication}${vte.prophylaxis.prescribedAt === null ? '' : `, prescribed ${londonDayTimeOf(vte.prophylaxis.prescribedAt)}`}`
        : state?.prophylaxisMissing === true
          ? flag('NONE PRESCRIBED')
          : 'None prescribed';
  return [
    ['VTE risk assessment', assessment],
    ['VTE outcome', vte.outcome === null ? 'Not recorded' : VTE_OUTCOME[vte.outcome]],
    ['VTE prophylaxis', prophylaxis],
  ];
}
