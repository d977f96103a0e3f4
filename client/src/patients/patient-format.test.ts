import { NOW } from '../testing/builders';
import { makePoint } from './patient.builders';
import { ageOn, birthAndAgeText, fallsRiskText, news2BandText, news2Summary, nhsNumberText } from './patient-format';

describe('nhsNumberText', () => {
  it('should group ten digits 3-3-4, and flag anything else rather than reshape it', () => {
    expect(nhsNumberText('9434765919')).toBe('943 476 5919');
    expect(nhsNumberText('943 476 5919')).toBe('943 476 5919');
    expect(nhsNumberText('12345')).toBe('12345 (not a 10-digit NHS number)');
    expect(nhsNumberText(null)).toBe('Not recorded');
  });
});

describe('ageOn and birthAndAgeText', () => {
  // NOW is 14 Jan 2026.
  it('should count whole years on the London calendar day, the birthday itself included', () => {
    expect(ageOn('1948-03-12', NOW)).toBe(77);
    expect(ageOn('1948-01-14', NOW)).toBe(78);
    expect(ageOn('1948-01-15', NOW)).toBe(77);
  });

  it('should give the date and age in words, and not guess an age from a year alone', () => {
    expect(birthAndAgeText('1948-03-12', NOW)).toBe('12 Mar 1948 (age 77)');
    expect(birthAndAgeText('1948', NOW)).toBe('1948 (age not known exactly)');
    expect(birthAndAgeText(null, NOW)).toBe('Not recorded');
  });
});

describe('NEWS2 words', () => {
  it('should name every band, saying why for the single-3 band', () => {
    expect(news2BandText('low')).toBe('Low');
    expect(news2BandText('low-medium')).toBe('Low-medium (a single parameter scored 3)');
    expect(news2BandText('high')).toBe('High');
  });

  it('should sum up the 72 hours in a sentence', () => {
    expect(news2Summary([makePoint(2, 600), makePoint(8, 300), makePoint(5, 60)])).toBe(
      '3 NEWS2 scores in the last 72 hours. Highest 8 (High); latest 5 (Medium).',
    );
    expect(news2Summary([])).toBe('No NEWS2 recorded in the last 72 hours.');
  });
});

describe('fallsRiskText', () => {
  it('should keep a flag and a level apart, neither hiding the other', () => {
    expect(fallsRiskText({ level: 'high', assessedAt: null, flagged: true })).toBe(
      'High risk; flagged at risk of falls',
    );
    expect(fallsRiskText({ level: null, assessedAt: null, flagged: true })).toBe('Flagged at risk of falls');
    expect(fallsRiskText({ level: 'moderate', assessedAt: null, flagged: false })).toBe('Moderate risk');
    expect(fallsRiskText(null)).toBe('Not assessed');
  });
});
