export * from './escalation-rules.js';
export * from './evaluate-escalations.js';
export * from './reconcile-escalations.js';
export * from './escalation-list.js';
