import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { makeEscalation } from '../escalations/escalations.builders';
import { makeNews2, makePatient, minutesBefore, NOW } from '../testing/builders';
import { makePatientDetail, makePoint } from './patient.builders';
import { PatientDetailScreen, type PatientDetailScreenProps } from './PatientDetailScreen';

function renderScreen(overrides: Partial<PatientDetailScreenProps> = {}) {
  return render(
    <MemoryRouter>
      <PatientDetailScreen
        wardId="ward-ash"
        detail={makePatientDetail()}
        error={null}
        serverNow={NOW}
        onReload={() => undefined}
        {...overrides}
      />
    </MemoryRouter>,
  );
}

const field = (label: string) => screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;

describe('PatientDetailScreen', () => {
  it('should show who the patient is: name, NHS number 3-3-4, date of birth with age, bed and ward', () => {
    renderScreen();
    expect(screen.getByRole('heading', { level: 1, name: 'Jane Smith' })).toBeTruthy();
    expect(screen.getByTestId('nhs-number').textContent).toBe('943 476 5919');
    expect(screen.getByTestId('birth-date').textContent).toBe('12 Mar 1948 (age 77)');
    expect(screen.getByText('Bed 4 · Ash Ward · North General')).toBeTruthy();
  });

  it('should say that viewing is recorded in the audit log, before anything has loaded too', () => {
    const { rerender } = renderScreen();
    expect(screen.getByRole('note').textContent).toContain('Viewing this page is recorded in the audit log');
    rerender(
      <MemoryRouter>
        <PatientDetailScreen wardId="ward-ash" detail={null} error={null} serverNow={null} />
      </MemoryRouter>,
    );
    expect(screen.getByRole('note').textContent).toContain('recorded in the audit log');
  });

  it('should list the NEWS2 scores with their bands in words, and the bands drawn, in text', () => {
    renderScreen({
      detail: makePatientDetail({
        news2: {
          from: minutesBefore(72 * 60),
          to: new Date(NOW).toISOString(),
          points: [
            makePoint(2, 48 * 60),
            makePoint(3, 600, { band: 'low-medium', source: 'computed' }),
            makePoint(7, 90),
          ],
          rejected: 2,
        },
      }),
    });
    const rows = within(screen.getByRole('table', { name: 'NEWS2 scores, newest first' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent))).toEqual([
      ['Wed 14 Jan 12:30 GMT', '7', 'High', 'Reported'],
      ['Wed 14 Jan 04:00 GMT', '3', 'Low-medium (a single parameter scored 3)', 'Calculated from observations'],
      ['Mon 12 Jan 14:00 GMT', '2', 'Low', 'Reported'],
    ]);
    expect(screen.getByTestId('news2-summary').textContent).toBe(
      '3 NEWS2 scores in the last 72 hours. Highest 7 (High); latest 7 (High). Bands: Low 0 to 4, Medium 5 to 6, High 7 or more.',
    );
    expect(screen.getByTestId('news2-rejected').textContent).toBe(
      '2 readings could not be used (entered in error, incomplete sets or wrong units) and are not drawn.',
    );
  });

  it('should say how old the board fields are and when the identifiers were read', () => {
    renderScreen();
    expect(screen.getByTestId('read-at').textContent).toContain('read from FHIR at Wed 14 Jan 14:00 GMT');
    expect(screen.getByTestId('board-as-of').textContent).toBe('Ward board fields as of Wed 14 Jan 13:50 GMT: Current');
  });

  it('should call board fields NOT CURRENT once they age past 45 minutes, and turn risk colours off', () => {
    renderScreen({ serverNow: NOW + 40 * 60_000 });
    expect(screen.getByTestId('board-as-of').textContent).toContain(
      'NOT CURRENT (risk colours off: check the patient directly)',
    );
  });

  it('should show every board field in words', () => {
    const onBoard = makePatient({
      news2: makeNews2(8, 90),
      observationLevel: { level: 'within-eyesight', since: minutesBefore(120) },
      mentalHealthAct: { code: 'S3', label: 'Formally detained under Mental Health Act Section 3', since: null },
      fallsRisk: { level: 'high', assessedAt: null, flagged: false },
      glucose: { mmolPerL: 3.44, low: true, observedAt: minutesBefore(30) },
      carePlanReview: { dueAt: minutesBefore(60), overdue: true },
      assessments: [
        { id: 'falls', label: 'Falls assessment', lastDoneAt: null, dueAt: minutesBefore(60), state: 'overdue' },
      ],
      delays: [{ kind: 'transport', description: 'Ambulance home', dueAt: minutesBefore(30), overdue: true }],
      expectedDischargeDate: '2026-01-15',
      dataErrors: ['1 NEWS2 reading could not be read'],
    });
    renderScreen({ detail: makePatientDetail({ onBoard }) });
    expect(field('NEWS2')).toContain('8 High');
    expect(field('NEWS2')).toContain('OVERDUE');
    expect(field('Observation level')).toBe('Within eyesight, since 12:00 GMT');
    expect(field('Mental Health Act')).toBe('MHA S3 (Formally detained under Mental Health Act Section 3)');
    expect(field('Falls risk')).toBe('High risk');
    expect(field('Glucose')).toBe('3.4 mmol/L LOW at Wed 14 Jan 13:30 GMT');
    expect(field('Expected discharge')).toBe('EDD Tomorrow');
    expect(field('Care plan review')).toBe('Due Wed 14 Jan 13:00 GMT OVERDUE');
    expect(field('Key assessments')).toBe('Falls assessment: Overdue; never done; due Wed 14 Jan 13:00 GMT');
    expect(field('Delays')).toBe('Transport delayed: Ambulance home (due Wed 14 Jan 13:30 GMT)');
    expect(field('Data errors')).toBe('DATA ERROR 1 NEWS2 reading could not be read');
  });

  it("should list this patient's open escalations", () => {
    renderScreen({
      detail: makePatientDetail({
        escalations: [
          makeEscalation(1, { ruleLabel: 'NEWS2 of 7 or more', detail: 'Bed 4: NEWS2 8', raisedAt: minutesBefore(20) }),
        ],
      }),
    });
    const section = within(screen.getByRole('region', { name: 'Open escalations' }));
    expect(section.getByRole('listitem').textContent).toBe(
      'NEWS2 of 7 or more: Bed 4: NEWS2 8 · raised 13:40 GMT · not acknowledged yet',
    );
  });

  it("should show the server's words when FHIR could not be read", () => {
    renderScreen({ detail: null, error: 'FHIR could not be read: the server timed out after 10 s' });
    expect(screen.getByRole('alert').textContent).toBe(
      'Could not show this patient: FHIR could not be read: the server timed out after 10 s',
    );
  });
});
