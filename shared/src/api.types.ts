/**
 * REST response shapes under /api (DESIGN section 9). The server returns these; the client and the
 * end-to-end tests read them.
 */
import type { Freshness } from './freshness.js';
import type { BedOnBoard, Census, DataQuality, UnplacedPatient, Ward, WardProfile } from './ward.types.js';

/** GET /api/wards */
export interface WardSummary {
  id: string;
  name: string;
  siteId: string;
  siteName: string;
  profile: WardProfile;
  bedCount: number;
  occupied: number;
  asOf: string | null;
  freshness: Freshness;
}

/**
 * GET /api/wards/:wardId/board, and the `ward:board` socket event. `serverTime` lets a screen compute
 * data age from the server's clock rather than its own (CS-1, CS-2).
 */
export interface Board {
  ward: Ward;
  /** When the shown snapshot was taken, or null before the first complete poll. */
  asOf: string | null;
  freshness: Freshness;
  /** Why the data is not current: last poll failed, never polled, ... Absent when fresh. */
  staleReason?: string;
  /** Increases by one with every change to what this ward's board shows (RT). */
  version: number;
  serverTime: string;
  census: Census | null;
  beds: BedOnBoard[];
  /** Current inpatients the data could not put in a bed (empty when none). */
  unplaced: UnplacedPatient[];
  dataQuality: DataQuality | null;
}

export interface HealthResponse {
  status: 'ok';
}

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** GET /api/ready: 200 when every check passes, 503 otherwise, with the reasons. */
export interface ReadinessResponse {
  status: 'ready' | 'not-ready';
  checks: ReadinessCheck[];
  wards: Array<{ wardId: string; lastPollAt: string | null; lastPollOk: boolean | null; reason?: string }>;
}

/** POST /api/polls: 202 with the jobs queued. */
export interface PollRequestAccepted {
  queued: string[];
}

export interface ApiError {
  statusCode: number;
  message: string;
}
