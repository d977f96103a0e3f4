/**
 * What a wall screen may be enrolled to show, for the approver: a ward's board (admins anywhere,
 * ward staff on their own wards) or a site's heat map (admins only). Mirrors the server's rule (DeviceService
 * .mayManage) only to offer the right choices; the server decides.
 */
import { grantsAllow, type DeviceEnrolRequest, type Grant, type WardSummary } from '@wardflow/shared';

export interface BindingOption {
  /** "ward:<id>" or "site:<id>": one value space for one select. */
  value: string;
  label: string;
  kind: 'ward' | 'site';
  id: string;
}

export function bindingOptions(wards: readonly WardSummary[], grants: readonly Grant[]): BindingOption[] {
  const manager = grantsAllow(grants, 'devices.manage', 'anywhere');
  const wardOptions = wards
    .filter((w) => manager || grantsAllow(grants, 'devices.enrol', { ward: { id: w.id, siteId: w.siteId } }))
    .map((w): BindingOption => ({ value: `ward:${w.id}`, label: `${w.name} (${w.siteName})`, kind: 'ward', id: w.id }));
  const sites = new Map(wards.map((w) => [w.siteId, w.siteName]));
  const siteOptions = [...sites]
    .filter(() => manager)
    .map(([siteId, siteName]): BindingOption => ({
      value: `site:${siteId}`,
      label: `Heat map of ${siteName}`,
      kind: 'site',
      id: siteId,
    }));
  return [...wardOptions, ...siteOptions];
}

/** The request for a chosen option, or null when none is chosen. */
export function enrolRequest(code: string, name: string, option: BindingOption | undefined): DeviceEnrolRequest | null {
  if (option === undefined) return null;
  return option.kind === 'ward'
    ? { code: code.trim(), name: name.trim(), wardId: option.id }
    : { code: code.trim(), name: name.trim(), siteId: option.id };
}
