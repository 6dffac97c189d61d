import { readFileSync } from 'node:fs';
import { logLevel } from 'kafkajs';
import { createKafka } from '@bishan/messaging';
import { startKafkaBroker, type KafkaBroker } from './kafka-broker';

/** The throwaway broker keeps its topics and committed offsets across a stop and a start. */
describe('startKafkaBroker', () => {
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await startKafkaBroker({ label: 'broker-spec' });
  }, 180_000);

  afterAll(() => broker?.remove());

  it('serves, stops, and comes back with its data', async () => {
    // Its pid is the broker's own process (the bench reads its CPU time), and a new one after a start.
    const commandLine = (pid: number | undefined) => readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const firstPid = broker.pid();
    expect(commandLine(firstPid)).toContain(broker.dataDir);
    const kafka = createKafka({ clientId: 'broker-spec', brokers: [broker.brokers] }, { logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'kept', numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'kept', messages: [{ value: 'before the stop' }] });
    await producer.disconnect();
    await admin.disconnect();

    await broker.stop();
    expect(broker.pid()).toBeUndefined();
    const probe = kafka.admin({ retry: { retries: 0 } });
    await expect(probe.connect()).rejects.toThrow();

    await broker.start();
    expect(broker.pid()).not.toBe(firstPid);
    expect(commandLine(broker.pid())).toContain(broker.dataDir);
    const after = kafka.admin();
    await after.connect();
    expect(await after.listTopics()).toContain('kept');
    expect(await after.fetchTopicOffsets('kept')).toEqual([expect.objectContaining({ partition: 0, high: '1' })]);
    await after.disconnect();
  }, 180_000);
});
