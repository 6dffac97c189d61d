export { actorClaims, actorOf, personRoles } from './actor-claims';
export {
  DEV_SIGNING_KEY,
  TOKEN_VERIFIER,
  devSigningKeyProvider,
  tokenVerifierProvider,
} from './auth-keys.provider';
export { InvalidToken, TokenVerifier, type VerificationKey } from './token-verifier';
