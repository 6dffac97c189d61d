/**
 * How the district behaves: the shares and delays the simulator draws from. Delays are in working
 * days and turned into real time with `dayMs`, the length of a working day of the server's policy
 * (2,000 ms for 'demo-compressed'). Deadlines are never assumed: late and overdue actions are timed
 * from the due instants the server answers with.
 */
export interface SimulationProfile {
  /** Real milliseconds per working day of the policy the server runs. */
  dayMs: number;
  meetingLevels: { village: number; town: number; district: number };
  /** Issues raised per meeting, by level (inclusive ranges). */
  issuesPerMeeting: Record<'village' | 'town' | 'district', [number, number]>;
  invitedHouseholds: Record<'village' | 'town' | 'district', [number, number]>;
  /** Share of invited households found at home, and of those who attend (Bishan: 91 %). */
  atHomeShare: [number, number];
  attendanceShare: [number, number];
  /** Resolved at the meeting (就地解决; Bishan: 89.5 %). */
  resolvedOnSpot: number;
  /** Share of cases placed in the villages whose residents have accounts, so that they can be rated. */
  ratableVillages: number;
  complexity: { simple: number; general: number; complex: number };
  triageRoute: { village: number; town: number; district: number };
  /** A department claims after the claim window has closed. */
  lateClaim: number;
  /** The result is reported after the handling deadline. */
  overdue: number;
  extensionRequested: number;
  extensionApproved: number;
  /** Residents who never rate (the case closes as not rated when the window ends). */
  unrated: number;
  basicallySatisfied: number;
  dissatisfied: number;
  /** A person looks at the case after acting on it (GET /cases/:id), and the ledger is listed. */
  caseReadAfterAction: number;
  ledgerReadPerArrival: number;
  delays: {
    triage: [number, number];
    claim: [number, number];
    /** After the claim window's due instant, for late claims. */
    lateClaim: [number, number];
    plan: [number, number];
    /** Fraction of the handling window used before reporting the result. */
    handlingFraction: [number, number];
    /** After the handling due instant, for overdue cases. */
    overdueBy: [number, number];
    extensionDecision: [number, number];
    feedback: [number, number];
    rating: [number, number];
  };
}

export const defaultProfile: SimulationProfile = {
  dayMs: 2_000,
  meetingLevels: { village: 0.75, town: 0.2, district: 0.05 },
  issuesPerMeeting: { village: [3, 10], town: [5, 15], district: [8, 25] },
  invitedHouseholds: { village: [20, 80], town: [60, 200], district: [100, 400] },
  atHomeShare: [0.75, 0.95],
  attendanceShare: [0.85, 0.97],
  resolvedOnSpot: 0.9,
  ratableVillages: 0.5,
  complexity: { simple: 0.55, general: 0.35, complex: 0.1 },
  triageRoute: { village: 0.3, town: 0.2, district: 0.5 },
  lateClaim: 0.1,
  overdue: 0.08,
  extensionRequested: 0.1,
  extensionApproved: 0.7,
  unrated: 0.1,
  basicallySatisfied: 0.25,
  dissatisfied: 0.06,
  caseReadAfterAction: 0.3,
  ledgerReadPerArrival: 0.1,
  delays: {
    triage: [0.1, 1],
    claim: [0.1, 1.5],
    lateClaim: [0.2, 1],
    plan: [0.1, 1],
    handlingFraction: [0.1, 0.7],
    overdueBy: [0.2, 2],
    extensionDecision: [0.1, 0.5],
    feedback: [0.1, 1],
    rating: [0.2, 2],
  },
};
