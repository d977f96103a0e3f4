import { render, screen } from '@testing-library/react';
import { NOW, makePatient, minutesBefore } from '../testing/builders';
import { BoardFields } from './BoardFields';

const DAY = 24 * 60;

function field(label: string): string {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? '';
}

describe('BoardFields: isolation, infection and the Mental Health Act in full words', () => {
  it('should give isolation with its start, each alert, and every deadline with its date', () => {
    render(
      <BoardFields
        now={NOW}
        riskColours
        patient={makePatient({
          infection: {
            isolation: { kind: 'droplet', since: minutesBefore(90) },
            alerts: [{ id: 'covid-19', label: 'COVID-19', since: minutesBefore(2 * DAY) }],
          },
          mentalHealthAct: {
            code: '02',
            label: 'Formally detained under Mental Health Act Section 2',
            since: minutesBefore(25 * DAY),
            expiresAt: minutesBefore(-3 * DAY),
            expiryWarnFrom: minutesBefore(4 * DAY),
            expiryUrgentFrom: minutesBefore(-2 * DAY),
            lapsed: false,
            rights: { lastGivenAt: null, dueAt: minutesBefore(24 * DAY) },
            leave: {
              authorised: true,
              authorisedUntil: minutesBefore(-5 * DAY),
              onLeave: true,
              onLeaveSince: minutesBefore(180),
              expectedBackAt: minutesBefore(30),
            },
            consentToTreatmentDueAt: null,
            hearing: { kind: 'tribunal', at: minutesBefore(-2 * DAY) },
          },
        })}
      />,
    );
    expect(field('Isolation')).toBe('Isolate: droplet since 12:30 GMT');
    expect(field('Infection alerts')).toBe('COVID-19, since Mon 12 Jan');
    expect(field('Section ends')).toBe('Sat 17 Jan 14:00 GMT (in 3 days) RENEWAL DUE');
    expect(field('Section 132 rights')).toBe('Not recorded as given · due Sun 21 Dec 14:00 GMT OVERDUE');
    expect(field('Section 17 leave')).toBe(
      'Authorised until Mon 19 Jan 14:00 GMT · on leave since Wed 14 Jan 11:00 GMT, due back Wed 14 Jan 13:30 GMT RETURN OVERDUE',
    );
    expect(field('Next hearing')).toBe('Tribunal Fri 16 Jan 14:00 GMT');
    expect(screen.queryByText('Section 58 three-month date')).toBeNull();
  });

  it('should add no deadline rows for an informal patient or a board stored before they were read', () => {
    render(
      <BoardFields
        now={NOW}
        riskColours
        patient={makePatient({ mentalHealthAct: { code: '01', label: 'Informal', since: null }, infection: null })}
      />,
    );
    expect(screen.queryByText('Section ends')).toBeNull();
    expect(field('Isolation')).toBe('Not required');
    expect(field('Infection alerts')).toBe('None recorded');
  });
});

describe('BoardFields: discharge readiness', () => {
  it('should give readiness with its date and review, the pathway in words and every reason', () => {
    render(
      <BoardFields
        now={NOW}
        riskColours
        patient={makePatient({
          discharge: {
            status: 'ready',
            readyDate: '2026-01-12',
            reviewedAt: '2026-01-14T09:10:00Z',
            pathway: 3,
            delayReasons: [
              { reason: 'nursing-home', text: 'x' },
              { reason: null, text: 'Family viewing homes' },
            ],
          },
        })}
      />,
    );
    expect(field('Discharge readiness')).toBe(
      'Ready since Mon 12 Jan (2 days): no longer meets the criteria to reside, reviewed Wed 14 Jan 09:10 GMT',
    );
    expect(field('Discharge pathway')).toBe('Pathway 3: care home');
    expect(field('Reasons for delay')).toBe(
      'Awaiting a nursing home place (pathway 3)Family viewing homes (local code, not mapped to the national list)',
    );
  });

  it('should say "not ready" in words, and "not recorded" where nothing is', () => {
    render(
      <BoardFields
        now={NOW}
        riskColours
        patient={makePatient({
          discharge: { status: 'not-ready', readyDate: null, reviewedAt: null, pathway: null, delayReasons: [] },
        })}
      />,
    );
    expect(field('Discharge readiness')).toBe('Not ready: still meets the criteria to reside');
    expect(field('Discharge pathway')).toBe('Not recorded');
    expect(field('Reasons for delay')).toBe('Not ready, so none');
  });
});

describe('BoardFields: VTE', () => {
  it('should give the assessment with its times, the outcome and the prophylaxis in words', () => {
    render(
      <BoardFields
        now={NOW}
        riskColours
        patient={makePatient({
          vte: {
            assessment: { dueAt: '2026-01-14T08:00:00Z', doneAt: '2026-01-13T21:30:00Z', state: 'done' },
            outcome: 'indicated',
            prophylaxis: { medication: 'Enoxaparin 40 mg SC OD', prescribedAt: '2026-01-13T22:00:00Z' },
          },
        })}
      />,
    );
    expect(field('VTE risk assessment')).toBe('Done Tue 13 Jan 21:30 GMT, in time (due by Wed 14 Jan 08:00 GMT)');
    expect(field('VTE outcome')).toBe('Prophylaxis indicated');
    expect(field('VTE prophylaxis')).toBe('Enoxaparin 40 mg SC OD, prescribed Tue 13 Jan 22:00 GMT');
    // Nothing recorded about discharge readiness: said as such, not as "not ready".
    expect(field('Reasons for delay')).toBe('None recorded');
    expect(field('Discharge readiness')).toBe('Not recorded');
  });

  it('should flag an overdue assessment and prophylaxis missing, and say when prescriptions are not read', () => {
    const { unmount } = render(
      <BoardFields
        now={NOW}
        riskColours
        patient={makePatient({
          vte: {
            assessment: { dueAt: '2026-01-14T08:00:00Z', doneAt: null, state: 'due' },
            outcome: 'indicated',
            prophylaxis: null,
          },
        })}
      />,
    );
    expect(field('VTE risk assessment')).toBe('OVERDUE due by Wed 14 Jan 08:00 GMT');
    expect(field('VTE prophylaxis')).toBe('NONE PRESCRIBED');
    unmount();
    render(
      <BoardFields
        now={NOW}
        riskColours
        patient={makePatient({
          vte: {
            assessment: { dueAt: '2026-01-14T08:00:00Z', doneAt: '2026-01-14T07:00:00Z', state: 'done' },
            outcome: 'indicated',
            prophylaxis: null,
            prophylaxisNotRead: true,
          },
        })}
      />,
    );
    expect(field('VTE prophylaxis')).toBe('Not read: this trust’s FHIR server does not offer prescriptions');
  });
});
