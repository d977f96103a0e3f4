/**
 * @wardflow/fhir-simulator: a synthetic NHS trust served as FHIR R4 over real HTTP, for the demo, the
 * tests, the benches and the model back-test. It stands in for a trust's FHIR server and shares no
 * code with the reader (codes and shapes are literals here), so the two cannot agree by construction.
 */
export { startSimulator, type RunningSimulator, type SimulatedWard, type SimulatorOptions } from './simulator.js';
export {
  HISTORY_INCIDENT_CATEGORIES,
  liveWardContextStart,
  type HistoryTruthRow,
  type StaffingHours,
} from './history/history-fhir.js';
export {
  generateWardHistory,
  simulateWardDays,
  HARM_CATEGORY_ORDER,
  HIDDEN_DRIVER_EFFECTS,
  HIDDEN_DRIVER_SCALES,
  HISTORY_MEASURE_IDS,
  SIMULATED_HISTORY_DAYS,
  type HistoryWard,
  type SimulatedWardDay,
  type SimulatedWardHistory,
  type WardHistoryOptions,
  type WardHistoryRow,
} from './history/ward-history.generator.js';
export { formatHistory, historyWardsOf, type HistoryFormat } from './history/history-file.js';
export { backtestWards, runBacktest, type BacktestOptions, type BacktestResult } from './history/backtest.js';
