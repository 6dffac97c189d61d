// The inbox's Server-Sent Events as a client reads them, for the suites that watch what is pushed to whom.

/** Reads a Server-Sent Events stream with fetch (EventSource sends no headers, so a one-use ticket goes in the query). */
export function openStream(url: string) {
  const events: { event: string; data: string }[] = [];
  const controller = new AbortController();
  const opened = fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } }).then(
    async (response) => {
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      const decoder = new TextDecoder();
      let buffer = '';
      void (async () => {
        try {
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
            buffer += decoder.decode(chunk, { stream: true });
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
              const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
              events.push({ event, data });
            }
          }
        } catch {
          // aborted at the end of the suite
        }
      })();
      return response;
    },
  );
  return { events, opened, close: () => controller.abort() };
}
