import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { HuddleAction } from '@wardflow/shared';
import { makeHuddleAction } from '@wardflow/shared/testing';
import { BACKGROUND_HEADER } from '../auth/api';
import { installFakeApi, type FakeApi } from '../testing/fake-api';
import { NOW, makeBoard, makeOccupiedBed } from '../testing/builders';
import { HuddleActions } from './HuddleActions';

// NOW is 14:00 GMT on 14 January 2026.
const PATH = '/api/wards/ward-ash/huddle/actions';
const at = (hours: number) => new Date(NOW + hours * 3_600_000).toISOString();
const action = (id: number, extra: Partial<HuddleAction> = {}): HuddleAction =>
  makeHuddleAction(id, {
    wardId: 'ward-ash',
    bed: 'Bed 2',
    encounterId: 'enc-2',
    owner: 'Charge nurse',
    dueAt: at(1),
    createdAt: at(-0.5),
    ...extra,
  });

describe('HuddleActions', () => {
  let api: FakeApi;
  afterEach(() => api.restore());
  const board = makeBoard({
    beds: [makeOccupiedBed(1, { initials: 'J.S.' }), makeOccupiedBed(2, { initials: 'A.B.' })],
  });
  const renderActions = (mayRecord: boolean) =>
    render(<HuddleActions board={board} now={NOW} current="flow" mayRecord={mayRecord} />);

  it('should read the actions again, in the background, when the server says they changed', async () => {
    let answer = [action(1, { text: 'Chase TTO' })];
    api = installFakeApi({ [`GET ${PATH}`]: () => ({ body: answer }) });
    const { rerender } = render(<HuddleActions board={board} now={NOW} current="flow" mayRecord={false} changed={0} />);
    await screen.findByText('Chase TTO');
    answer = [...answer, action(2, { text: 'Ring family' })];
    rerender(<HuddleActions board={board} now={NOW} current="flow" mayRecord={false} changed={1} />);
    await screen.findByText('Ring family');
    const reads = api.requests.filter((r) => r.method === 'GET');
    expect(reads).toHaveLength(2);
    // The first read is the page opening; the nudged one is marked background (a screen told, nobody using it).
    expect(reads.map((r) => r.headers[BACKGROUND_HEADER] ?? null)).toEqual([null, '1']);
  });

  it('should list open actions soonest first, overdue and carried ones said in words, then those closed today', async () => {
    api = installFakeApi({
      [`GET ${PATH}`]: {
        body: [
          action(1, { text: 'Chase TTO', dueAt: at(2) }),
          action(2, {
            bed: null,
            encounterId: null,
            text: 'Check resus trolley',
            dueAt: at(-1),
            checkIn: 'safety',
            createdAt: '2026-01-14T08:40:00Z',
          }),
          action(3, { text: 'Book transport', status: 'done', closedAt: at(-0.25), closedBy: 'Sister Sam' }),
          action(4, { text: 'Ring family', task: { id: null, error: 'FHIR server timed out' } }),
        ],
      },
    });
    renderActions(false);
    const list = await screen.findByTestId('huddle-actions');
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'WardCheck resus trolleyCharge nurseOVERDUE, was due 13:00From Wed 14 Jan 08:40 GMT, safety risks',
      'Bed 2Ring familyCharge nursedue 15:00Not in the EPR: FHIR server timed out',
      'Bed 2Chase TTOCharge nursedue 16:00',
      'Bed 2Book transportCharge nurseDone 13:45 by Sister Sam',
    ]);
    expect(screen.getByRole('heading', { name: 'Actions (3 open)' })).toBeTruthy();
    // A screen, or someone who may not record: nothing to press.
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('should record an action for a bed at a London time and show it, and say a refusal in words', async () => {
    const saved: HuddleAction[] = [];
    api = installFakeApi({
      [`GET ${PATH}`]: () => ({ body: saved }),
      [`POST ${PATH}`]: (request) => {
        const body = request.body as HuddleAction;
        if (body.text.includes('943'))
          return {
            status: 400,
            body: { statusCode: 400, message: 'No NHS numbers: the huddle screen shows bed and initials only' },
          };
        saved.push(action(9, { ...body }));
        return { status: 201, body: saved[0] };
      },
    });
    renderActions(true);
    fireEvent.click(await screen.findByRole('button', { name: 'Record an action' }));
    const form = screen.getByRole('form', { name: 'Record an action' });
    fireEvent.change(within(form).getByLabelText('For'), { target: { value: 'enc-2' } });
    fireEvent.change(within(form).getByLabelText('What (no names or NHS numbers)'), {
      target: { value: 'Bloods for 943 476 5919' },
    });
    fireEvent.change(within(form).getByLabelText('Who'), { target: { value: 'Dr Patel' } });
    fireEvent.change(within(form).getByLabelText('Due'), { target: { value: 'tomorrow' } });
    fireEvent.change(within(form).getByLabelText('at'), { target: { value: '09:30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Record' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'No NHS numbers: the huddle screen shows bed and initials only',
    );
    fireEvent.change(within(form).getByLabelText('What (no names or NHS numbers)'), {
      target: { value: 'Repeat bloods' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Record' }));
    await waitFor(() => expect(screen.queryByRole('form')).toBeNull());
    expect(api.requests.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({
      bed: 'Bed 2',
      encounterId: 'enc-2',
      text: 'Repeat bloods',
      owner: 'Dr Patel',
      // 09:30 in London on 15 January (GMT).
      dueAt: '2026-01-15T09:30:00.000Z',
      checkIn: 'flow',
    });
    expect((await screen.findByTestId('huddle-actions')).textContent).toContain('Repeat bloods');
  });

  it('should mark an action done and reload the list', async () => {
    let status: HuddleAction['status'] = 'open';
    api = installFakeApi({
      [`GET ${PATH}`]: () => ({
        body: [action(5, { status, ...(status === 'open' ? {} : { closedAt: at(0), closedBy: 'Nurse Nia' }) })],
      }),
      [`POST ${PATH}/5/close`]: () => {
        status = 'done';
        return { body: action(5, { status: 'done' }) };
      },
    });
    renderActions(true);
    fireEvent.click(await screen.findByRole('button', { name: 'Done: Action 5' }));
    await waitFor(() => expect(screen.getByTestId('huddle-actions').textContent).toContain('Done 14:00 by Nurse Nia'));
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ status: 'done' });
  });
});
