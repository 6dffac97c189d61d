/** A one-line progress bar on stderr, redrawn in place on a terminal and every few seconds otherwise. */
export class ProgressBar {
  private lastDraw = 0;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private readonly width = 30,
  ) {}

  update(fraction: number, detail: string, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < (this.tty ? 200 : 5_000)) return;
    this.lastDraw = now;
    const clamped = Math.min(1, Math.max(0, fraction));
    const filled = Math.round(clamped * this.width);
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${(clamped * 100).toFixed(0).padStart(3)}% ${detail}`;
    if (this.tty) process.stderr.write(`\r${line}\x1b[K`);
    else process.stderr.write(`${line}\n`);
  }

  finish(detail: string): void {
    this.update(1, detail, true);
    if (this.tty) process.stderr.write('\n');
  }
}
