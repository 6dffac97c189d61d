import type { CaseEnteredLedger } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase } from './case-event-parts.v1';

export const caseEnteredLedgerV1 = {
  type: 'case.enteredLedger',
  version: 1,
  payload: z.object(eventBase).strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof caseEnteredLedgerV1, CaseEnteredLedger>>;
