// `node scripts/backtest.mjs [--seed=1] [--days=180] [--wards=12] [--train=0.6] [--lambda=N]`: backtest of
// the "needs extra support in the next 7 days" model on simulated history, next to the plain composite.
// Uses the built simulator package and the shared model code (npm run backtest builds them first).
import { backtestWards, HIDDEN_DRIVER_EFFECTS, runBacktest } from '@wardflow/fhir-simulator';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const seed = Number(args.seed ?? 1);
const days = Number(args.days ?? 180);
const wardCount = Number(args.wards ?? 12);
const trainFraction = Number(args.train ?? 0.6);
const lambda = args.lambda === undefined ? undefined : Number(args.lambda);

const started = performance.now();
const result = runBacktest({
  seed,
  wards: backtestWards(wardCount),
  days,
  trainFraction,
  ...(lambda === undefined ? {} : { lambda }),
});
const ms = performance.now() - started;

const out = [];
const line = (s = '') => out.push(s);
const num = (v, d = 3) => (v === null || v === undefined ? '—' : v.toFixed(d));
const pct = (n, of) => (of === 0 ? '—' : `${((100 * n) / of).toFixed(1)}%`);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

line(
  `Backtest: seed ${seed}, ${days} days x ${wardCount} wards, train fraction ${trainFraction}, penalty ${lambda ?? `chosen by forward-chaining validation on the training days (${result.profiles.map((p) => `${p.profile} ${p.fitted.lambda}, unconstrained ${p.unconstrainedFitted.lambda}`).join('; ')})`}  (${ms.toFixed(0)} ms)`,
);
line(`Training rows: dates up to ${result.lastTrainDate}; test rows: from ${result.firstTestDate}.`);
for (const note of result.notes) line(`  · ${note}`);
line();

line('Sizes and prevalence of the outcome (harm per 1,000 OBD over the next 7 days >= OUTCOME_RATE)');
line(
  `${pad('', 15)}${lpad('train rows', 11)}${lpad('positive', 10)}${lpad('prev', 8)}${lpad('test rows', 11)}${lpad('positive', 10)}${lpad('prev', 8)}`,
);
for (const p of result.profiles) {
  line(
    `${pad(p.profile, 15)}${lpad(p.trainRows, 11)}${lpad(p.trainPositives, 10)}${lpad(pct(p.trainPositives, p.trainRows), 8)}${lpad(p.testRows, 11)}${lpad(p.testPositives, 10)}${lpad(pct(p.testPositives, p.testRows), 8)}`,
  );
}
line(
  `${pad('all', 15)}${lpad('', 29)}${lpad(result.pooled.testRows, 11)}${lpad(result.pooled.testPositives, 10)}${lpad(pct(result.pooled.testPositives, result.pooled.testRows), 8)}`,
);
line();

line(
  'Test scores (AUC: higher is better; Brier: lower is better). Model: sign-constrained, as production; unconstrained: for comparison.',
);
line(
  `${pad('', 15)}${lpad('model AUC', 11)}${lpad('Brier', 8)}${lpad('unconstr. AUC', 15)}${lpad('Brier', 8)}${lpad('expert AUC', 12)}${lpad('Brier', 8)}${lpad('composite AUC', 15)}${lpad('Brier (Platt)', 15)}`,
);
const scoreRow = (name, s) =>
  line(
    `${pad(name, 15)}${lpad(num(s.model.auc), 11)}${lpad(num(s.model.brier), 8)}${lpad(num(s.unconstrained.auc), 15)}${lpad(num(s.unconstrained.brier), 8)}` +
      `${lpad(num(s.expertDefault.auc), 12)}${lpad(num(s.expertDefault.brier), 8)}${lpad(num(s.composite.auc), 15)}${lpad(num(s.composite.brier), 15)}`,
  );
for (const p of result.profiles) scoreRow(p.profile, p);
scoreRow('all', result.pooled);
line();

line('Calibration, all test rows, by predicted probability decile band (n / mean predicted / observed rate)');
line(
  `${pad('band', 11)}${lpad('model n', 8)}${lpad('pred', 7)}${lpad('obs', 7)}   ${lpad('unconstr. n', 11)}${lpad('pred', 7)}${lpad('obs', 7)}   ${lpad('composite n', 11)}${lpad('pred', 7)}${lpad('obs', 7)}`,
);
const cell = (r) => `${lpad(r.n, 11)}${lpad(num(r.meanPredicted, 2), 7)}${lpad(num(r.observedRate, 2), 7)}`;
result.pooled.model.calibration.forEach((m, i) => {
  const u = result.pooled.unconstrained.calibration[i];
  const c = result.pooled.composite.calibration[i];
  line(
    `${pad(`${m.from.toFixed(1)}-${m.to.toFixed(1)}`, 11)}${lpad(m.n, 8)}${lpad(num(m.meanPredicted, 2), 7)}${lpad(num(m.observedRate, 2), 7)}   ${cell(u)}   ${cell(c)}`,
  );
});
line();

line("Features held at 0 by the sign constraint (their measure's direction), per profile");
for (const p of result.profiles) {
  const held = p.fitted.heldAtZero ?? [];
  line(`  ${p.profile}: ${held.length === 0 ? 'none' : `${held.length} of ${p.fitted.featureNames.length}`}`);
  for (const h of held)
    line(`    ${pad(h.feature, 34)}unconstrained ${lpad(num(h.unconstrainedWeight), 7)}   ${h.reason}`);
}
line();

line('Top fitted weights (per sd of the feature on the training rows) next to the hidden drivers');
line("  Hidden: harm log-rate per sd of the day's driver, standardised on the generator's own scales.");
line(
  `  HIDDEN_DRIVER_EFFECTS: ${Object.entries(HIDDEN_DRIVER_EFFECTS)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
line(
  '  Directions are comparable, sizes are not: the model predicts a 7-day threshold from correlated, noisy measures.',
);
for (const p of result.profiles) {
  line(
    `  ${p.profile} (IRLS ${p.iterations} iterations, ${p.converged ? 'converged' : 'NOT converged'}; intercept ${num(p.fitted.intercept)}):`,
  );
  const ranked = p.fitted.featureNames
    .map((name, j) => ({ name, w: p.fitted.weights[j], u: p.unconstrainedFitted.weights[j] }))
    .sort((a, b) => Math.abs(b.w) - Math.abs(a.w));
  line(`    ${pad('', 34)}${lpad('model', 8)}${lpad('unconstr.', 11)}`);
  for (const { name, w, u } of ranked.slice(0, 8)) {
    const hidden = HIDDEN_DRIVER_EFFECTS[name];
    line(
      `    ${pad(name, 34)}${lpad(num(w), 8)}${lpad(num(u), 11)}${hidden === undefined ? '' : `   hidden ${hidden}`}`,
    );
  }
}
process.stdout.write(`${out.join('\n')}\n`);
