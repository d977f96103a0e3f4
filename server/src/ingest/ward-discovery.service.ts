/**
 * Finds the trust's wards on its FHIR server: Locations of physical type `wa` under sites of type
 * `si` (docs/design.md section 9). Two searches for the whole trust, whatever its size.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Location } from '@medplum/fhirtypes';
import { SYSTEMS, wardFromLocation, type Ward } from '@wardflow/shared';
import { FHIR_READER } from '../core/tokens.js';
import type { FhirReader } from '../fhir/fhir-reader.adapter.js';

@Injectable()
export class WardDiscoveryService {
  private readonly logger = new Logger(WardDiscoveryService.name);

  constructor(@Inject(FHIR_READER) private readonly fhir: FhirReader) {}

  async discover(): Promise<Ward[]> {
    const [sites, wards] = await Promise.all([
      this.fhir.searchAll('Location', { 'physical-type': `${SYSTEMS.locationPhysicalType}|si`, _count: '100' }),
      this.fhir.searchAll('Location', { 'physical-type': `${SYSTEMS.locationPhysicalType}|wa`, _count: '100' }),
    ]);
    const siteNames = new Map(
      sites.matches
        .filter((r): r is Location => r.resourceType === 'Location')
        .map((s) => [s.id ?? '', s.name ?? s.id ?? '']),
    );
    const found: Ward[] = [];
    for (const location of wards.matches) {
      if (location.resourceType !== 'Location' || location.id === undefined) continue;
      if (location.status !== undefined && location.status !== 'active') continue;
      const siteId = location.partOf?.reference?.split('/').pop() ?? 'unknown-site';
      found.push(wardFromLocation(location, { id: siteId, name: siteNames.get(siteId) ?? 'Unknown site' }));
    }
    this.logger.log(`Discovered ${found.length} wards on ${siteNames.size} sites`);
    return found;
  }
}
