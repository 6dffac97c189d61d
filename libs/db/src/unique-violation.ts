/**
 * Whether a write failed on a unique constraint (Prisma's P2002). By code, not class: the
 * PostgreSQL client's error classes are its own.
 */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}
