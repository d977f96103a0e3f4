/**
 * Same-sex accommodation in the synthetic trust: whom each room is for, and so which sex a patient
 * placed in a bed is drawn as (shared by the seeding and the evolve steps, so admissions keep bays
 * single-sex).
 */
import type { BaySex } from './fhir-resource.factory.js';
import type { WardPlan } from './trust.model.js';

/**
 * Whom the room of bed `index` (0-based) of a ward of `bedCount` beds is for, when recorded: every
 * room of a single-sex (mental-health) ward is for its sex; an acute ward's bays alternate female and
 * male (Bay A female), and its side rooms take anyone, so record none. Flat wards record none.
 */
export function roomSexOfBed(ward: WardPlan, index: number, bedCount: number): BaySex | null {
  if (ward.layout === 'flat') return null;
  if (ward.sex !== 'mixed') return ward.sex;
  const bays = Math.floor(bedCount / 6);
  if (index >= bays * 6) return null;
  return Math.floor(index / 6) % 2 === 0 ? 'female' : 'male';
}

/** The sex a new patient of bed `index` is drawn as: the room's when it is single-sex, else the ward's. */
export function patientSexForBed(ward: WardPlan, index: number, bedCount: number): 'male' | 'female' | 'mixed' {
  const room = roomSexOfBed(ward, index, bedCount);
  return room === null || room === 'mixed' ? ward.sex : room;
}
