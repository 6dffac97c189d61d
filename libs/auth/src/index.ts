export { actorClaims, actorOf, personRoles } from './actor-claims';
export {
  DEV_SIGNING_KEY,
  TOKEN_VERIFIER,
  devSigningKeyProvider,
  tokenVerifierProvider,
} from './auth-keys.provider';
export { DEV_LOGIN_WARNING_INTERVAL_MS, repeatDevLoginWarning } from './dev-login-warning';
export { InvalidToken, TokenVerifier, type VerificationKey } from './token-verifier';
