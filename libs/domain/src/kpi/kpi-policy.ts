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
  /**
   * Categories whose cases are disputes settled by mediation (院坝调解). The case loop has no separate
   * mediation record, so a closed case in one of these categories is one mediation.
   */
  readonly mediationCategories: readonly string[];
}

export const defaultKpiPolicy: KpiPolicy = {
  version: '2025.1',
  satisfactionWeights: { satisfied: 1, basicallySatisfied: 0.9, dissatisfied: 0 },
  threeRateWeights: { response: 0.2, resolution: 0.3, satisfaction: 0.5 },
  mediationCategories: ['邻里纠纷', '矛盾调解', '家庭纠纷'],
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
