import { HARM_CATEGORIES, isHarmIncident, OUTCOME_RATE, outcomeLabel } from './index.js';

const week = (incidents: number[], obd = 20) =>
  incidents.map((harmIncidents) => ({ harmIncidents, occupiedBedDays: obd }));

describe('outcomeLabel', () => {
  it('should compare harm per 1,000 OBD over the next 7 days with the profile rate, inclusive', () => {
    expect(OUTCOME_RATE).toEqual({ 'mental-health': 50, acute: 20 });
    // 7 x 20 = 140 OBD: 7 incidents = 50 per 1,000, exactly the MH rate.
    expect(outcomeLabel('mental-health', week([1, 1, 1, 1, 1, 1, 1]))).toBe(true);
    expect(outcomeLabel('mental-health', week([1, 1, 1, 1, 1, 1, 0]))).toBe(false);
    // 3 / 140 = 21.4 per 1,000 >= 20 for acute.
    expect(outcomeLabel('acute', week([0, 3, 0, 0, 0, 0, 0]))).toBe(true);
    expect(outcomeLabel('acute', week([0, 2, 0, 0, 0, 0, 0]))).toBe(false);
  });

  it('should use only the first 7 days and say unknown with fewer or no bed days', () => {
    expect(outcomeLabel('acute', [...week([0, 0, 0, 0, 0, 0, 0]), ...week([50])])).toBe(false);
    expect(outcomeLabel('acute', week([5, 5, 5, 5, 5, 5]))).toBeNull();
    expect(outcomeLabel('acute', week([1, 1, 1, 1, 1, 1, 1], 0))).toBeNull();
  });
});

describe('HARM_CATEGORIES', () => {
  it('should hold the contract categories and count an incident once', () => {
    expect(HARM_CATEGORIES['mental-health']).toEqual([
      'violence-aggression',
      'restraint',
      'seclusion',
      'rapid-tranquillisation',
      'self-harm',
    ]);
    expect(HARM_CATEGORIES.acute).toEqual(['fall', 'hypoglycaemia']);
    expect(isHarmIncident('mental-health', ['restraint', 'seclusion'])).toBe(true);
    expect(isHarmIncident('acute', ['violence-aggression'])).toBe(false);
  });
});
