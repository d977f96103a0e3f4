/** The weekly digest to inpatient leads: weeks, leads, content and REST shapes. */
export * from './digest-week.js';
export * from './leads.js';
export * from './digest-content.js';
