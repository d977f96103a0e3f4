import { FhirRequestError, type OutcomeIssue } from '../fhir/fhir-error.js';
import { RequestPlanService, refusedFeatures } from './request-plan.service.js';
import type { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { testConfig } from '../testing/test-config.js';
import type { SearchFeature } from '@wardflow/shared';

const http = (status: number, issues: OutcomeIssue[] = []) =>
  new FhirRequestError('http', `FHIR server answered HTTP ${status}`, { status, issues });
const issue = (code: string, diagnostics?: string): OutcomeIssue => ({
  severity: 'error',
  code,
  ...(diagnostics === undefined ? {} : { diagnostics }),
});

describe('FhirRequestError.notSupported: a refusal of the kind of request, not of its content', () => {
  it.each<[string, FhirRequestError, boolean]>([
    ['405 Method Not Allowed', http(405), true],
    ['501 Not Implemented', http(501), true],
    ['400 with issue code not-supported', http(400, [issue('not-supported')]), true],
    [
      '400 saying so in words (HAPI writes processing)',
      http(400, [issue('processing', 'Parameter _revinclude is not supported')]),
      true,
    ],
    [
      '400 with an unknown search parameter',
      http(400, [issue('invalid', 'Unknown search parameter "class" for Encounter')]),
      true,
    ],
    ['400 for a malformed value', http(400, [issue('invalid', 'Invalid date')]), false],
    ['404', http(404), false],
    ['500', http(500), false],
    ['a timeout', new FhirRequestError('timeout', 'timed out'), false],
  ])('%s -> %s', (_name, error, expected) => {
    expect(error.notSupported).toBe(expected);
  });
});

describe('refusedFeatures: what a refusal switches off', () => {
  const used: SearchFeature[] = ['postSearch', 'revinclude', 'encounterDate', 'encounterClass'];
  it.each<[string, FhirRequestError, readonly SearchFeature[], SearchFeature[]]>([
    ['405 refuses the method', http(405), used, ['postSearch']],
    ['405 on a GET switches nothing off (a real failure)', http(405), ['revinclude'], []],
    [
      'the words name _revinclude',
      http(400, [issue('not-supported', '_revinclude is not supported')]),
      used,
      ['revinclude'],
    ],
    [
      'the words name class',
      http(400, [issue('invalid', 'Unknown search parameter "class"')]),
      used,
      ['encounterClass'],
    ],
    [
      "HAPI's words: only the parameter refused, not those it lists as valid",
      http(400, [
        issue(
          'processing',
          'Unknown search parameter "class" for resource type "Encounter". Valid search parameters for this search are: [_id, _lastUpdated, date, location, status]',
        ),
      ]),
      [...used, 'lastUpdated'],
      ['encounterClass'],
    ],
    ['no words on a POST: the method first', http(501), used, ['postSearch']],
    [
      'no words on a GET: _revinclude and _lastUpdated, never the date or code filters',
      http(501),
      ['revinclude', 'lastUpdated', 'observationDate', 'observationCode'],
      ['revinclude', 'lastUpdated'],
    ],
  ])('%s', (_name, error, usedHere, expected) => {
    expect(refusedFeatures(error, usedHere)).toEqual(expected);
  });
});

describe('RequestPlanService.switchOff', () => {
  const plan = () => new RequestPlanService({ baseUrl: 'http://fhir.test/R4' } as FhirReader, () => 0, testConfig({}));

  it('switches off once, and tells the wards read alongside that the feature is off now', () => {
    const service = plan();
    expect(service.switchOff(['postSearch'], http(405))).toBe(true);
    expect(service.current().postSearch).toBe(false);
    // A ward read at the same time met the same refusal: it reads again under the fallback, not fails.
    expect(service.switchOff(['postSearch'], http(405))).toBe(true);
    expect(service.report().notes).toEqual([expect.stringContaining('postSearch refused at run time')]);
  });

  it('a refusal with nothing to switch off is a real failure', () => {
    expect(plan().switchOff([], http(405))).toBe(false);
  });
});
