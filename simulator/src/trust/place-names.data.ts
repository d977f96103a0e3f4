/** Names for the synthetic trust's sites and wards, in the styles NHS trusts use. */

export const ACUTE_SITE_NAMES = [
  'Royal Riverside Hospital',
  'St Aldhelm General Hospital',
  'Northgate District Hospital',
  'Queen Eleanor Hospital',
  'Kingsmead University Hospital',
] as const;

export const MENTAL_HEALTH_SITE_NAMES = [
  'Eastbrook Mental Health Centre',
  'Hollins Park Unit',
  'The Beeches Psychiatric Unit',
  'Marsh Lane Mental Health Unit',
  'Fernlea Centre',
] as const;

/** Mental-health wards are named after trees, birds and rivers, as many trusts do. */
export const MENTAL_HEALTH_WARD_NAMES = [
  'Cedar', 'Willow', 'Rowan', 'Hawthorn', 'Birch', 'Maple', 'Aspen', 'Juniper', 'Hazel', 'Elm',
  'Oak', 'Larch', 'Alder', 'Holly', 'Poplar', 'Sycamore', 'Beech', 'Linden', 'Yew', 'Ash',
  'Chestnut', 'Cherry', 'Magnolia', 'Laurel', 'Myrtle', 'Pine', 'Spruce', 'Walnut', 'Blackthorn', 'Elder',
  'Kestrel', 'Heron', 'Curlew', 'Lapwing', 'Osprey', 'Skylark', 'Kingfisher', 'Merlin', 'Wren', 'Swift',
  'Avon', 'Severn', 'Trent', 'Wye', 'Tamar', 'Derwent', 'Ouse', 'Tees', 'Kennet', 'Medway',
] as const;

/** What a mental-health ward is for, cycled over the wards. */
export const MENTAL_HEALTH_WARD_KINDS = [
  'Adult acute admissions',
  'Psychiatric intensive care unit',
  'Older adult functional',
  'Adult acute admissions',
  'Older adult organic',
  'Rehabilitation and recovery',
] as const;

/** Acute wards are numbered by floor and side and named by specialty: "Ward 7B Respiratory". */
export const ACUTE_SPECIALTIES = [
  'Respiratory', 'Cardiology', 'Acute Medical Unit', 'General Surgery', 'Trauma and Orthopaedics',
  'Care of the Elderly', 'Gastroenterology', 'Stroke', 'Renal', 'Oncology', 'Urology', 'Diabetes and Endocrinology',
  'Haematology', 'Vascular Surgery', 'Neurology', 'Infectious Diseases',
] as const;
