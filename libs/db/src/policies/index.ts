export {
  CasePolicyRepository,
  POLICY_IN_FORCE_TTL_MS,
  PolicyVersionRefused,
  pinnedPolicyReader,
  policyInForceReader,
  type AlsoIn,
  type PolicyVersionRefusal,
  type StoredPolicyVersion,
} from './case-policy.repository';
export {
  PolicyWhatIfRepository,
  RecordedHistoryRepository,
  type StoredWhatIfRun,
  type WhatIfPage,
  type WhatIfRunStatus,
} from './policy-what-if.repository';
