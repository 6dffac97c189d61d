import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@bishan/service-runtime';

export function reconciliationNotFound(id: string): ProblemException {
  return new ProblemException({
    type: 'https://bishan.example/problems/not-found',
    title: 'reconciliation not found',
    status: HttpStatus.NOT_FOUND,
    detail: `no reconciliation with id ${id} (a run appears once its comparison is done)`,
  });
}

export function snapshotNotFound(month: string): ProblemException {
  return new ProblemException({
    type: 'https://bishan.example/problems/not-found',
    title: 'snapshot not found',
    status: HttpStatus.NOT_FOUND,
    detail: `the month ${month} has no stored snapshot (it is stored once every sign-off is given)`,
    errors: [{ field: 'path.month', message: 'no snapshot for this month' }],
  });
}

export function alreadyStarted(month: string): ProblemException {
  return new ProblemException({
    type: 'https://bishan.example/problems/conflict',
    title: 'reconciliation already started',
    status: HttpStatus.CONFLICT,
    detail: `a reconciliation of ${month} was already started by hand on this deployment`,
    errors: [{ field: 'body.month', message: 'already reconciled or being reconciled' }],
  });
}

export function officialsOnly(role: string): ProblemException {
  return new ProblemException({
    type: 'https://bishan.example/problems/forbidden',
    title: 'forbidden',
    status: HttpStatus.FORBIDDEN,
    detail: `reconciliations are read by officials; '${role}' was presented`,
  });
}

const statusByRefusal: Record<string, HttpStatus> = {
  forbidden: HttpStatus.FORBIDDEN,
  'not-required': HttpStatus.UNPROCESSABLE_ENTITY,
  'already-signed': HttpStatus.CONFLICT,
  'wrong-state': HttpStatus.CONFLICT,
};

/** The workflow's validator says `code: reason` (the domain's decideSignOff); the slot is the field at fault. */
export function signOffRefused(message: string): ProblemException {
  const match = /^([a-z-]+): (.*)$/s.exec(message);
  const code = match?.[1] ?? 'refused';
  const reason = match?.[2] ?? message;
  return new ProblemException({
    type: `https://bishan.example/problems/${code}`,
    title: `sign-off refused (${code})`,
    status: statusByRefusal[code] ?? HttpStatus.CONFLICT,
    detail: reason,
    errors: [{ field: 'body.slot', message: reason }],
  });
}
