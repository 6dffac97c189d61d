export type { CaseFact, EscalationFact, KpiFacts, MediationFact, MeetingFact, RatingFact } from './kpi-facts';
export {
  periodGranularities,
  periodOf,
  shanghaiDayStart,
  type Period,
  type PeriodGranularity,
} from './kpi-period';
export { checkKpiPolicy, defaultKpiPolicy, type KpiPolicy } from './kpi-policy';
export {
  computeKpis,
  kpiDimensions,
  mean,
  median,
  rate,
  type Figures,
  type KpiDimension,
  type KpiQuery,
  type KpiRow,
  type Rate,
} from './kpis';
