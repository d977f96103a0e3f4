import { render, waitFor } from '@testing-library/react';
import type { Identity } from '@wardflow/shared';
import { makeDeviceIdentity, makeIdentity, sessionValue } from './session.builders';
import { SessionContext } from './SessionContext';
import { useScreenSessionRefresh } from './useScreenSessionRefresh';

function Screen() {
  useScreenSessionRefresh(10);
  return null;
}

function renderAs(identity: Identity) {
  const reloads: Array<{ background?: boolean } | undefined> = [];
  const value = sessionValue(identity, { reload: (options) => Promise.resolve(void reloads.push(options)) });
  const view = render(
    <SessionContext.Provider value={value}>
      <Screen />
    </SessionContext.Provider>,
  );
  return { reloads, view };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('useScreenSessionRefresh', () => {
  it('should have an enrolled screen ask who it is on a timer, as background, so its credential is rotated', async () => {
    const { reloads, view } = renderAs(makeDeviceIdentity());
    await waitFor(() => expect(reloads.length).toBeGreaterThanOrEqual(2));
    expect(reloads.every((o) => o?.background === true)).toBe(true);
    view.unmount();
  });

  it("should leave a person's session alone", async () => {
    const { reloads, view } = renderAs(makeIdentity());
    await wait(40);
    expect(reloads).toEqual([]);
    view.unmount();
  });
});
