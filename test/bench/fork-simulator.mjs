// The FHIR simulator in a child process for the benches (simulator-process.mjs), as a trust's FHIR
// server would run elsewhere: the code being measured then shares neither a core nor a heap with it.
import { fork } from 'node:child_process';

/** Starts the simulator in a child process; the returned handle mirrors the in-process one. */
export async function startSimulatorProcess(options) {
  const child = fork(new URL('./simulator-process.mjs', import.meta.url), [JSON.stringify(options)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = (type) =>
    new Promise((resolve) => {
      const listener = (message) => {
        if (message.type !== type) return;
        child.off('message', listener);
        resolve(message);
      };
      child.on('message', listener);
    });
  const { baseUrl } = await next('ready');
  return {
    baseUrl,
    requestCount: async () => {
      const reply = next('count');
      child.send({ type: 'count' });
      return (await reply).value;
    },
    evolve: async (steps = 1) => {
      const reply = next('evolved');
      child.send({ type: 'evolve', steps });
      await reply;
    },
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send({ type: 'close' });
      }),
  };
}
