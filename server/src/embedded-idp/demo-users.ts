/**
 * The embedded provider's demo users: one per role. Their scope comes from the demo's claim mapping
 * (demo-access.ts), which picks real wards and sites of the simulated trust once they are discovered.
 */
import type { Role } from '@wardflow/shared';

export interface DemoUser {
  username: string;
  name: string;
  role: Role;
  /** The `groups` claim value the demo mapping reads. */
  group: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'nurse', name: 'Demo ward nurse', role: 'ward-staff', group: 'wardflow-demo-ward-staff' },
  { username: 'bedmanager', name: 'Demo bed manager', role: 'bed-manager', group: 'wardflow-demo-bed-manager' },
  { username: 'lead', name: 'Demo inpatient lead', role: 'inpatient-lead', group: 'wardflow-demo-inpatient-lead' },
  { username: 'admin', name: 'Demo admin', role: 'admin', group: 'wardflow-demo-admin' },
  {
    username: 'safety',
    name: 'Demo clinical safety officer',
    role: 'safety-officer',
    group: 'wardflow-demo-safety-officer',
  },
];
