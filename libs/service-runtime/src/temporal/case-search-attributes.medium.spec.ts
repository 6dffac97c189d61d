import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { workspaceRoot } from '@bishan/config';
import { msToTs } from '@temporalio/common/lib/time';
import { engineAddresses, registerSearchAttributes, waitFor } from '@bishan/testing';
import {
  caseSearchAttributeTypes,
  missingCaseSearchAttributes,
  requireCaseSearchAttributes,
} from './case-search-attributes';

describe('case search attributes on a Temporal server', () => {
  it('are the ones every server the project starts registers (infra/engines/search-attributes.json)', () => {
    const listed = JSON.parse(readFileSync(path.join(workspaceRoot(), 'infra/engines/search-attributes.json'), 'utf8')) as Record<string, string>;
    const { $comment: _comment, ...registered } = listed;
    expect(caseSearchAttributeTypes()).toEqual(registered);
  });

  it('refuse a namespace without them, naming the command that registers them, and pass once registered', async () => {
    const connection = await Connection.connect({ address: engineAddresses().temporal });
    const namespace = `sa-check-${randomUUID().slice(0, 8)}`;
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs(24 * 3600 * 1000),
      });
      // A new namespace reaches every part of the server after a moment.
      const missing = await waitFor(async () => missingCaseSearchAttributes(connection, namespace), {
        timeoutMs: 30_000,
        description: `namespace ${namespace} to answer for its search attributes`,
      });
      expect(missing).toEqual(Object.keys(caseSearchAttributeTypes()));
      await expect(requireCaseSearchAttributes(connection, namespace)).rejects.toThrow(
        `temporal operator search-attribute create --namespace ${namespace} --name CaseStatus --type Keyword`,
      );
      await registerSearchAttributes(connection, namespace);
      await waitFor(async () => ((await missingCaseSearchAttributes(connection, namespace))?.length === 0 ? true : undefined), {
        timeoutMs: 30_000,
        description: `the case search attributes registered on ${namespace}`,
      });
      await expect(requireCaseSearchAttributes(connection, namespace)).resolves.toBe('registered');
    } finally {
      await connection.operatorService.deleteNamespace({ namespace }).catch(() => undefined);
      await connection.close();
    }
  }, 90_000);
});
