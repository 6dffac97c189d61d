/** Injection tokens shared by every service. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const DATABASE = Symbol('DATABASE');
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');
