/** Common names in England and Wales across the ages of an inpatient population (synthetic patients only). */

export const FEMALE_GIVEN_NAMES = [
  'Margaret', 'Patricia', 'Susan', 'Linda', 'Christine', 'Elizabeth', 'Janet', 'Carol', 'Barbara', 'Jean',
  'Sandra', 'Pauline', 'Julie', 'Karen', 'Deborah', 'Tracey', 'Joanne', 'Sarah', 'Nicola', 'Claire',
  'Emma', 'Rachel', 'Laura', 'Gemma', 'Amy', 'Hannah', 'Sophie', 'Chloe', 'Jessica', 'Olivia',
  'Amelia', 'Aisha', 'Fatima', 'Priya', 'Zainab', 'Grace', 'Megan', 'Charlotte', 'Eleanor', 'Shirley',
  'Dorothy', 'Joan', 'Maureen', 'Brenda', 'Valerie', 'Helen', 'Angela', 'Alison', 'Kirsty', 'Bethany',
] as const;

export const MALE_GIVEN_NAMES = [
  'John', 'David', 'Michael', 'Peter', 'Robert', 'Paul', 'Stephen', 'Richard', 'Christopher', 'Andrew',
  'Mark', 'Anthony', 'Kevin', 'Gary', 'Ian', 'Alan', 'Brian', 'Keith', 'Colin', 'Derek',
  'James', 'Daniel', 'Matthew', 'Thomas', 'Craig', 'Lee', 'Darren', 'Jamie', 'Ryan', 'Liam',
  'Oliver', 'Harry', 'Jack', 'Mohammed', 'Imran', 'Arjun', 'Kwame', 'Connor', 'Callum', 'George',
  'William', 'Raymond', 'Kenneth', 'Dennis', 'Trevor', 'Graham', 'Simon', 'Neil', 'Martin', 'Samuel',
] as const;

export const FAMILY_NAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill',
  'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen',
  'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths',
  'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy',
  'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh',
  'Begum', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray', 'Mason', 'Ali',
  'Hunt', 'Hussain', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills', 'Barnes', 'Knight',
  'Lloyd', 'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon', 'Harvey',
  'Okafor', 'Mensah', 'Nowak', 'Kowalski', 'Chen', 'Nguyen', 'Ahmed', 'Rahman', 'Sharma', 'Gill',
] as const;
