export { actorClaims, actorOf, personRoles } from './actor-claims';
export {
  DEV_SIGNING_KEY,
  TOKEN_VERIFIER,
  devSigningKeyProvider,
  tokenVerifierProvider,
} from './auth-keys.provider';
export { DEV_LOGIN_WARNING_INTERVAL_MS, repeatDevLoginWarning } from './dev-login-warning';
export { ORGANISATION_MAX_AGE_MS, organisationGrants, type GrantCheck } from './organisation-grants';
export {
  ACCESS_TOKEN_TYPE,
  CLOCK_TOLERANCE_SECONDS,
  InvalidToken,
  TokenVerifier,
  type VerificationKey,
  type VerifiedAccess,
} from './token-verifier';
