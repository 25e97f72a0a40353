import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'viewer' | 'admin';

export interface DashboardUser {
  name: string;
  role: Role;
  password: string;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The dashboard's and Bull Board's users: ADMIN_USER/ADMIN_PASSWORD (an admin) plus DASHBOARD_USERS. Names and
 * passwords are compared as SHA-256 digests with timingSafeEqual, against every user, so neither the length of
 * a secret nor which user matched shows in the time taken.
 */
export function dashboardUsers(users: readonly DashboardUser[]) {
  const stored = users.map((u) => ({
    name: u.name,
    role: u.role,
    name_: digest(u.name),
    password: digest(u.password),
  }));
  return {
    /** The user these credentials belong to, or null. */
    verify(name: string, password: string): { name: string; role: Role } | null {
      const n = digest(name);
      const p = digest(password);
      let found: { name: string; role: Role } | null = null;
      for (const u of stored) {
        // Both compared, always: no short-cut on the name.
        const nameOk = timingSafeEqual(u.name_, n);
        const passwordOk = timingSafeEqual(u.password, p);
        if (nameOk && passwordOk && !found) found = { name: u.name, role: u.role };
      }
      return found;
    },
  };
}

export type DashboardUsers = ReturnType<typeof dashboardUsers>;
