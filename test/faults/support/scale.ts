/** FAULTS_SCALE (default 1): the sizes at 1, smaller local runs below (e.g. 0.05). */
export function faultsScale(): number {
  const raw = process.env['FAULTS_SCALE'];
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`FAULTS_SCALE must be a number > 0, got '${raw}'`);
  return value;
}

/** `full` scaled, never below `min`. */
export const scaled = (full: number, min = 1) => Math.max(min, Math.round(full * faultsScale()));
