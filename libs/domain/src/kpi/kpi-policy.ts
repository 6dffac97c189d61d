import type { Rating } from '../case/case-state';

/**
 * The configurable part of the KPI definitions. Localities weigh the hotline "three rates" (三率)
 * differently, so the weights are data, versioned like the case policy, never constants in a formula.
 */
export interface KpiPolicy {
  readonly version: string;
  /**
   * Credit each rating gives to the satisfaction rate. Hotline practice counts "basically satisfied"
   * as 0.9 of a "satisfied"; a dissatisfied rating counts nothing.
   */
  readonly satisfactionWeights: Readonly<Record<Rating, number>>;
  /** Weights of response, resolution and satisfaction in the combined three-rate score; they sum to 1. */
  readonly threeRateWeights: {
    readonly response: number;
    readonly resolution: number;
    readonly satisfaction: number;
  };
}

export const defaultKpiPolicy: KpiPolicy = {
  // 2026.1: mediations are counted from mediation records, no longer from closed cases of some categories.
  version: '2026.1',
  satisfactionWeights: { satisfied: 1, basicallySatisfied: 0.9, dissatisfied: 0 },
  threeRateWeights: { response: 0.2, resolution: 0.3, satisfaction: 0.5 },
};

/** Refuses a policy whose weights cannot be read as shares: each in [0, 1], the three summing to 1. */
export function checkKpiPolicy(policy: KpiPolicy): string | null {
  const weights = [...Object.values(policy.satisfactionWeights), ...Object.values(policy.threeRateWeights)];
  if (weights.some((w) => !Number.isFinite(w) || w < 0 || w > 1))
    return 'every KPI weight must lie in [0, 1]';
  const { response, resolution, satisfaction } = policy.threeRateWeights;
  if (Math.abs(response + resolution + satisfaction - 1) > 1e-9)
    return 'the three-rate weights must sum to 1';
  return null;
}
