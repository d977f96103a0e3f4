import { useEffect } from 'react';
import { useSession } from './SessionContext';

export const SCREEN_SESSION_REFRESH_MS = 60 * 60_000;

/**
 * An enrolled screen asks who it is once an hour: the answer is how the server replaces the screen's
 * credential once a day (a new cookie with the answer), so an old copy of the cookie stops working
 * after its short grace. (A copy taken since is no different from the screen: removing the screen in
 * /admin/devices is what ends it.) Sent as background: it is the page's own timer, not someone using it.
 */
export function useScreenSessionRefresh(everyMs: number = SCREEN_SESSION_REFRESH_MS): void {
  const { identity, reload } = useSession();
  const isScreen = identity?.kind === 'device';
  useEffect(() => {
    if (!isScreen) return undefined;
    const timer = setInterval(() => void reload({ background: true }), everyMs);
    return () => clearInterval(timer);
  }, [isScreen, reload, everyMs]);
}
