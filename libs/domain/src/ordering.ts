/** Code-unit order, not localeCompare: results must not depend on the runtime's locale data. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
