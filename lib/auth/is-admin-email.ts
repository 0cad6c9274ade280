/** Whether an email is on the configured admin list (ADMIN_EMAILS, already lower-cased). */
export function isAdminEmail(email: string | null | undefined, adminEmails: readonly string[]): boolean {
  if (!email) return false;
  return adminEmails.includes(email.trim().toLowerCase());
}
