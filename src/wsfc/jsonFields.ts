/**
 * Reading a JSON document written by the PowerShell module (or by hand) field by field: every
 * problem is collected with its JSON path, so the user sees all of them at once.
 */
export class JsonFields {
  readonly problems: string[] = [];

  obj(v: unknown, at: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.problems.push(`${at}: an object is expected`);
      return {};
    }
    return v as Record<string, unknown>;
  }

  /** A non-empty string; with `optional`, null or absent gives null. */
  str(o: Record<string, unknown>, key: string, at: string): string;
  str(o: Record<string, unknown>, key: string, at: string, optional: true): string | null;
  str(o: Record<string, unknown>, key: string, at: string, optional = false): string | null {
    const v = o[key];
    if ((v === undefined || v === null) && optional) return null;
    if (typeof v !== 'string' || v === '') {
      this.problems.push(`${at}.${key}: a non-empty string is expected`);
      return '';
    }
    return v;
  }

  /**
   * A list. With `collapsed`, also what ConvertTo-Json writes for short lists: a one-element
   * list as the element itself, an empty one as null.
   */
  list(o: Record<string, unknown>, key: string, at: string, collapsed = false): unknown[] {
    const v = o[key];
    if (Array.isArray(v)) return v as unknown[];
    if (collapsed && (v === undefined || v === null)) return [];
    if (collapsed && (typeof v === 'object' || typeof v === 'string')) return [v];
    this.problems.push(`${at}.${key}: a list is expected`);
    return [];
  }
}
