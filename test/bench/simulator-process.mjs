// The simulator in its own process for the benchmark, as a trust's FHIR server would be: the
// ingest being measured then does not share a CPU core or a heap with the server it reads.
// Talks to its parent over IPC: "ready" with the base URL, request counts on demand, "evolve" (the
// trust moves on one step, answered "evolved"), "close".
import { startSimulator } from '@wardflow/fhir-simulator';

const simulator = await startSimulator(JSON.parse(process.argv[2] ?? '{}'));
process.send({ type: 'ready', baseUrl: simulator.baseUrl });
// A bench that dies without closing it (an uncaught error, Ctrl-C) must not leave it running.
process.on('disconnect', () => process.exit(0));
process.on('message', async (message) => {
  if (message.type === 'count') process.send({ type: 'count', value: simulator.requestCount() });
  if (message.type === 'evolve') {
    await simulator.evolve(message.steps ?? 1);
    process.send({ type: 'evolved' });
  }
  if (message.type === 'close') {
    await simulator.close();
    process.exit(0);
  }
});
