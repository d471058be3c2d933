/** Only same-site paths are followed after login, so a crafted `?next=` cannot send the user elsewhere. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/registry';
}
