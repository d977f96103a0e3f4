export * from './features.js';
export * from './logistic.js';
export * from './expert-default.js';
export * from './predict.js';
export * from './evaluation.js';
export * from './outcome.js';
export * from './training-rows.js';
export * from './sign-constraints.js';
