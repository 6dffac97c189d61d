/**
 * Preloaded into the workflow thread (workflow-bundle.ts): OpenTelemetry's semantic conventions, 250
 * KiB of constants that the trace SDK in the workflow tracing interceptors loads, evaluated once and
 * shared by every workflow instead of once per cached workflow. The rest of OpenTelemetry cannot be
 * shared: the API's singletons take their delegates per workflow (preloaded modules are frozen) and
 * its core reads the workflow's `performance` global as it loads. A bare `require` of the package in
 * the preload list would be dropped by webpack (it declares no side effects), so this module uses it.
 */
import * as semanticConventions from '@opentelemetry/semantic-conventions';

export const sharedTracingLibraries = [semanticConventions];
