import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets a heap grow past what the last full collection kept alive, in percent. Left to
 * itself V8 grows a busy heap up to four times its live size before collecting it again: the
 * workflow thread, whose live heap is its sticky cache (about 275 KiB per cached case), then held
 * three times that in garbage. Measured with `npm run bench:footprint -- --cases 2000 --cache 500`:
 * resident set 1,353 MiB and still rising without this, 1,006 MiB and flat with 50 %, at the same
 * CPU per case (43.5 and 44.1 ms).
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * The largest semi-space of the young generation, in MiB (Node 18's default). Since Node 20 V8 sizes
 * it from the memory it sees: on a host with tens of GiB and no container limit the workflow
 * thread's new space grows to 128 MiB, all of it resident once the thread has been busy, whatever
 * the sticky cache holds. Measured with `npm run bench:footprint -- --cases 2000 --cache 250`: the
 * resident set with 2,000 open cases was 867 MiB without this, 766 MiB with it for the workflow
 * thread (the main thread's heap is sized before any code runs: 676 MiB with the flag on the node
 * command line as well).
 */
const MAX_SEMI_SPACE_MB = 16;

/**
 * Bounds the heaps of the isolates this process starts from now on: heap growth applies to every
 * isolate (the flag is read at each collection), the young generation's size to those created
 * afterwards — the workflow thread the Temporal worker starts.
 */
export function keepWorkerHeapsCompact(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  setFlagsFromString(`--max-semi-space-size=${MAX_SEMI_SPACE_MB}`);
}
