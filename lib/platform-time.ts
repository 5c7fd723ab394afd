// The platform API's timestamp, "YYYY-MM-DD HH:MM:SS" in UTC: what the /v2 answers carry, and
// what the command line and Slack messages print. No imports: the command line reads it too.

const UTC_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)$/;

/** "YYYY-MM-DD HH:MM:SS" in UTC, the platform API's timestamp format. */
export function platformTimestamp(iso: string | Date): string {
  const value = typeof iso === "string" ? iso : iso.toISOString();
  // A UTC ISO string already holds the answer; anything else goes through Date.
  return (UTC_ISO.test(value) ? value : new Date(value).toISOString()).slice(0, 19).replace("T", " ");
}
