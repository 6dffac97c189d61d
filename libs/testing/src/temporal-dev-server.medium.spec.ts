import path from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { workspaceRoot } from '@bishan/config';
import { freePort } from './free-port';
import { searchAttributes, startTemporalDevServer } from './temporal-dev-server';

/** Every Temporal server the project starts knows the case workflows' typed search attributes. */
describe('startTemporalDevServer', () => {
  it('registers the case search attributes with their types', async () => {
    const port = await freePort();
    const dbFile = path.join(workspaceRoot(), `.local/test-data/search-attributes-${port}.db`);
    const server = await startTemporalDevServer({ port, dbFile });
    const connection = await Connection.connect({ address: server.address });
    try {
      // Its pid is the server's own process (the bench reads its CPU time).
      expect(readFileSync(`/proc/${server.pid}/cmdline`, 'utf8')).toContain(dbFile);
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      const registered = Object.fromEntries(
        Object.entries(customAttributes ?? {}).map(([name, type]) => [name, temporal.api.enums.v1.IndexedValueType[type]]),
      );
      const wanted = searchAttributes();
      expect(Object.keys(wanted).sort()).toEqual([
        'CaseConcentrated',
        'CaseEscalationLevel',
        'CaseHandlingDepartment',
        'CaseOverdue',
        'CasePolicyVersion',
        'CaseStatus',
        'CaseSupervisionLevel',
        'CaseTown',
      ]);
      for (const [name, type] of Object.entries(wanted)) expect([name, registered[name]]).toEqual([name, `INDEXED_VALUE_TYPE_${type.toUpperCase()}`]);
    } finally {
      await connection.close();
      await server.stop();
      for (const suffix of ['', '-wal', '-shm', '.server.log']) rmSync(`${dbFile}${suffix}`, { force: true });
    }
  }, 120_000);
});
